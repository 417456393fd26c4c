import { createRouter, createWebHashHistory } from 'vue-router'
import { lessons } from 'virtual:lessons'
import CourseOverview from './pages/CourseOverview.vue'

const glossaryLesson = lessons.find((lesson) => lesson.kind === 'glossary')

/**
 * Hash history: the site is static files served from any folder (base './'), opened through
 * `npm start` or even from disk, and a deep link like `#/lessons/firewall` needs no server
 * fallback. Only the overview is in the first chunk; the other pages load when visited.
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', name: 'overview', component: CourseOverview },
    { path: '/lessons/:slug', name: 'lesson', component: () => import('./pages/LessonPage.vue'), props: true },
    {
      path: '/glossary',
      name: 'glossary',
      redirect: glossaryLesson ? { name: 'lesson', params: { slug: glossaryLesson.slug } } : '/',
    },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFound.vue') },
  ],
  scrollBehavior(to, from, saved) {
    if (saved) return saved
    if (to.path === from.path) return false
    return { top: 0 }
  },
})
