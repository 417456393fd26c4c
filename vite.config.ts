import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { lessonsPlugin } from './src/node/vite-plugin-lessons.ts'

export default defineConfig({
  root: 'src/client',
  publicDir: false,
  base: './',
  plugins: [vue(), lessonsPlugin({ dir: new URL('./lessons', import.meta.url).pathname })],
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
