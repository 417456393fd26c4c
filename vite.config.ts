import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { readFileSync } from 'node:fs'
import { downloadsPlugin } from './src/node/vite-plugin-downloads.ts'
import { fallbackPagePlugin } from './src/node/vite-plugin-fallback-page.ts'
import { lessonsPlugin } from './src/node/vite-plugin-lessons.ts'
import { precompressPlugin } from './src/node/vite-plugin-precompress.ts'

export default defineConfig({
  root: 'src/client',
  publicDir: false,
  // History-mode URLs (/lessons/firewall) need asset URLs that do not depend on the page's depth.
  // To serve the site under a sub-path, build with `npm run build -- --base=/course/`.
  base: '/',
  plugins: [
    vue(),
    lessonsPlugin({ dir: new URL('./lessons', import.meta.url).pathname }),
    fallbackPagePlugin(),
    // check.mjs and the .deb, for learners who check their own server (lessons link to them).
    downloadsPlugin({ version: (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version }),
    precompressPlugin(),
  ],
  build: {
    outDir: new URL('./dist/site', import.meta.url).pathname,
    emptyOutDir: true,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 4173 },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/lab/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'lab',
          root: '.',
          include: ['test/lab/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
