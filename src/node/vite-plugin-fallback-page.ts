import type { Plugin } from 'vite'

/**
 * Emits 404.html, a copy of index.html. Static hosts without a single-page fallback (GitHub
 * Pages and the like) answer an unknown path with their 404.html: the site then starts there
 * and the router shows /lessons/firewall all the same. Asset URLs start at `base`, so they load
 * from any depth.
 */
export function fallbackPagePlugin(): Plugin {
  return {
    name: 'secure-course:fallback-page',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const index = bundle['index.html']
      if (index?.type !== 'asset') this.error('index.html is missing from the build / ビルドに index.html がありません')
      this.emitFile({ type: 'asset', fileName: '404.html', source: index.source })
    },
  }
}
