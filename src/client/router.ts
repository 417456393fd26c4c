import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { lessons } from 'virtual:lessons'
import { whenContentShown } from './pageContent.ts'
import CourseOverview from './pages/CourseOverview.vue'
import { hashRouteTarget, scrollTargetId } from './urls.ts'

const glossaryLesson = lessons.find((lesson) => lesson.kind === 'glossary')

/**
 * History-mode URLs (/lessons/firewall, /lessons/firewall#enable-ufw for a step), so the hash is
 * the browser's again: in-page links are plain links that also work in a new tab. `npm start`
 * answers index.html for these paths, and the build writes 404.html for static hosts.
 * BASE_URL is Vite's `base` (`/`, or a sub-path given at build time: see the README).
 * Only the overview is in the first chunk; the other pages load when visited.
 */
export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/', name: 'overview', component: CourseOverview },
    { path: '/lessons/:slug', name: 'lesson', component: () => import('./pages/LessonPage.vue'), props: true },
    // The grading pages: their own chunk, loaded only by those who open them.
    { path: '/dashboard', name: 'dashboard', component: () => import('./pages/DashboardPage.vue'), props: { mode: 'dashboard' } },
    { path: '/me', name: 'me', component: () => import('./pages/DashboardPage.vue'), props: { mode: 'me' } },
    // The link `check` prints on a learner's own server (#r=…): its own lazy chunk.
    { path: '/progress', name: 'progress', component: () => import('./pages/ProgressPage.vue') },
    {
      path: '/glossary',
      name: 'glossary',
      redirect: glossaryLesson ? { name: 'lesson', params: { slug: glossaryLesson.slug } } : '/',
    },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFound.vue') },
  ],
  async scrollBehavior(to, from, saved) {
    // A lesson's body arrives after the route: wait for it, or there is nothing to scroll to.
    if (to.name === 'lesson' && (saved || to.hash)) await whenContentShown(to.path)
    if (saved) return saved
    // /progress carries data in its fragment (#r=…), not the id of an element to scroll to.
    const id = to.name === 'progress' ? undefined : scrollTargetId(to.hash)
    if (id) return { el: `#${CSS.escape(id)}` }
    if (to.path === from.path) return false
    return { top: 0 }
  },
})

// Links from the time of hash URLs (#/lessons/firewall) still lead to their page: on load, and
// when only the hash changes (the browser then stays on the page and the router sees no route).
router.beforeEach((to: RouteLocationNormalized) => {
  const target = hashRouteTarget(to.hash)
  return target === undefined ? true : { path: target.path, hash: target.hash, query: to.query, replace: true }
})
window.addEventListener('hashchange', () => {
  const target = hashRouteTarget(location.hash)
  if (target) void router.replace(target)
})
