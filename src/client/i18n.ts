import { ref, watch } from 'vue'

/**
 * The language of the site's own words (navigation, labels, buttons). Lessons are written in
 * Japanese and stay Japanese: their containers carry lang="ja" whatever the learner picks here.
 */
export type Lang = 'ja' | 'en'

type Message = string | ((...args: never[]) => string)

const ja = {
  skipToMain: '本文へ移動',
  siteNav: 'サイト',
  courseOverview: 'コース一覧',
  glossary: '用語集',
  switchLanguage: 'English',
  footer: '進み具合はこのブラウザの中だけに保存されます。',
  overallProgress: '全体の進み具合:',
  stepsUnit: '手順',
  start: 'はじめる',
  resume: 'つづきから',
  glossaryTermCount: (count: number) => `用語集: ${count} 語`,
  progressLabel: (done: number, total: number) => `進み具合 ${done} / ${total}`,
  lessonPosition: (position: number, total: number) => `レッスン ${position} / ${total}`,
  lessonLoadFailed: 'レッスンを読み込めませんでした。ページを再読み込みしてください。',
  loading: '読み込んでいます…',
  lessonNotFound: 'レッスンが見つかりません',
  pageNotFound: 'ページが見つかりません',
  pageNotFoundDetail: 'アドレスが変わったか、まちがっているようです。',
  backToOverview: 'コースの一覧へ戻る',
  stepPrefix: '手順 ',
  stepChecks: 'この手順で確かめること',
  stepDone: 'この手順を終えた',
  statusNotStarted: '未完了',
  statusDone: '完了',
  statusVerified: '確認済み',
  pagerNav: '前後のレッスン',
  previousLesson: '← 前のレッスン',
  nextLesson: '次のレッスン →',
  toOverview: 'コースの一覧へ',
  checkProgress: '進み具合を確かめる',
  glossaryGroups: '用語のグループ',
  terminalPane: '練習用ターミナル',
  terminalComingSoon: '準備中です。ここでコマンドを試せるようになります。',
  copy: 'コピー',
  copyCommands: 'コマンドをコピー',
  copied: 'コピーしました',
  copyFailed: 'コピーできませんでした。コマンドを選択してコピーしてください',
} satisfies Record<string, Message>

export type Messages = typeof ja
export type MessageKey = keyof Messages

const en = {
  skipToMain: 'Skip to content',
  siteNav: 'Site',
  courseOverview: 'Course overview',
  glossary: 'Glossary',
  switchLanguage: '日本語',
  footer: 'Your progress is saved only in this browser.',
  overallProgress: 'Overall progress:',
  stepsUnit: 'steps',
  start: 'Start',
  resume: 'Continue',
  glossaryTermCount: (count: number) => `Glossary: ${count} terms`,
  progressLabel: (done: number, total: number) => `Progress ${done} / ${total}`,
  lessonPosition: (position: number, total: number) => `Lesson ${position} / ${total}`,
  lessonLoadFailed: 'The lesson could not be loaded. Please reload the page.',
  loading: 'Loading…',
  lessonNotFound: 'Lesson not found',
  pageNotFound: 'Page not found',
  pageNotFoundDetail: 'The address has changed or is mistyped.',
  backToOverview: 'Back to the course overview',
  stepPrefix: 'Step ',
  stepChecks: 'What this step checks',
  stepDone: 'I finished this step',
  statusNotStarted: 'Not done',
  statusDone: 'Done',
  statusVerified: 'Verified',
  pagerNav: 'Previous and next lesson',
  previousLesson: '← Previous lesson',
  nextLesson: 'Next lesson →',
  toOverview: 'To the course overview',
  checkProgress: 'Check your progress',
  glossaryGroups: 'Term groups',
  terminalPane: 'Practice terminal',
  terminalComingSoon: 'Coming soon: you will be able to try the commands here.',
  copy: 'Copy',
  copyCommands: 'Copy commands',
  copied: 'Copied',
  copyFailed: 'Could not copy. Please select the commands and copy them.',
} satisfies Messages

export const messages: Record<Lang, Messages> = { ja, en }

const storageKey = 'secure-web-server-course:lang'

/** The learner's stored choice wins; otherwise English for an English browser, else Japanese. */
export function negotiateLang(stored: string | null | undefined, browserLanguage: string | null | undefined): Lang {
  if (stored === 'ja' || stored === 'en') return stored
  return browserLanguage?.toLowerCase().startsWith('en') ? 'en' : 'ja'
}

function readStored(): string | null {
  try {
    return localStorage.getItem(storageKey)
  } catch {
    // Blocked storage: behave as if nothing was chosen.
    return null
  }
}

const inBrowser = typeof window !== 'undefined'

export const lang = ref<Lang>(inBrowser ? negotiateLang(readStored(), navigator.language) : 'ja')

/** The current language's message for `key` (a function for messages that take numbers). */
export function t<K extends MessageKey>(key: K): Messages[K] {
  return messages[lang.value][key]
}

/** The learner's choice: shown at once and remembered for the next visit. */
export function setLang(next: Lang): void {
  lang.value = next
  try {
    localStorage.setItem(storageKey, next)
  } catch {
    // Storage full or blocked: the choice lasts for this visit.
  }
}

if (inBrowser) {
  watch(lang, (value) => (document.documentElement.lang = value), { immediate: true })
  // Another tab switched language: follow it.
  window.addEventListener('storage', (event) => {
    if (event.key === storageKey) lang.value = negotiateLang(event.newValue, navigator.language)
  })
}
