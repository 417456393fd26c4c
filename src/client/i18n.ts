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
  terminalToggle: 'ターミナル',
  terminalLoading: 'ターミナルを準備しています…',
  terminalUnavailable: '練習用サーバーを読み込めませんでした。ページを再読み込みしてください。',
  terminalTabs: 'ターミナルの切り替え',
  terminalTabServer: 'サーバー (SSH)',
  terminalTabPc: '手元の PC',
  terminalTabConsole: 'コンソール',
  practiceAccount: '練習用のアカウント',
  practiceUserName: 'ユーザー名',
  practicePassword: 'パスワード',
  practiceServer: 'サーバーのアドレス',
  practiceRestoreFailed: '保存してあった練習用サーバーの状態を読み込めなかったので、最初から始めました。',
  terminalLockedOut:
    'SSH で新しく接続できなくなりました。サーバー会社の管理画面にある「コンソール」なら、ファイアウォール (ufw) を通らずにログインできます。ここで設定を直しましょう。',
  openConsole: 'コンソールを開く',
  screenReaderMode: 'スクリーンリーダー対応',
  resetPractice: '最初からやり直す',
  resetConfirm: '練習用サーバーを最初の状態に戻します。これまでの操作の結果は消えます。よろしいですか?',
  resetConfirmYes: 'やり直す',
  resetConfirmNo: 'やめる',
  resetDone: '練習用サーバーを最初の状態に戻しました。',
  terminalMenu: 'ターミナルのメニュー',
  terminalPaste: '貼り付け',
  terminalPasteFailed: '貼り付けできませんでした。Ctrl+Shift+V で貼り付けてください。',
  terminalNothingSelected: 'コピーする文字を選んでください。',
  run: '実行',
  runCommands: (...commands: string[]) => `ターミナルで実行: ${commands.join('、')}`,
  copy: 'コピー',
  copyCommands: 'コマンドをコピー',
  copied: 'コピーしました',
  copyFailed: 'コピーできませんでした。コマンドを選択してコピーしてください',
  outputExample: '出力例',
  minutes: (minutes: number) => `約 ${minutes} 分`,
  estimatedTime: (minutes: number) => `所要時間の目安: 約 ${minutes} 分`,
  courseComplete: 'すべての手順を終えました',
  courseCompleteDetail: 'おつかれさまでした。最後のレッスンで、さらに学ぶためのキーワードを紹介しています。',
  reviewCourse: 'もう一度見る',
  lessonComplete: '完了',
  lessonOutline: 'このレッスンの手順',
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
  terminalToggle: 'Terminal',
  terminalLoading: 'Preparing the terminal…',
  terminalUnavailable: 'The practice server could not be loaded. Please reload the page.',
  terminalTabs: 'Terminals',
  terminalTabServer: 'Server (SSH)',
  terminalTabPc: 'Your PC',
  terminalTabConsole: 'Console',
  practiceAccount: 'Practice account',
  practiceUserName: 'User name',
  practicePassword: 'Password',
  practiceServer: 'Server address',
  practiceRestoreFailed: 'The saved practice server could not be loaded, so it starts over.',
  terminalLockedOut:
    "New SSH connections can no longer get in. The provider's web console logs in locally, past the firewall (ufw): fix the settings there.",
  openConsole: 'Open the console',
  screenReaderMode: 'Screen reader mode',
  resetPractice: 'Start over',
  resetConfirm: 'This puts the practice server back to its first state. Everything you changed is lost. Continue?',
  resetConfirmYes: 'Start over',
  resetConfirmNo: 'Cancel',
  resetDone: 'The practice server is back to its first state.',
  terminalMenu: 'Terminal menu',
  terminalPaste: 'Paste',
  terminalPasteFailed: 'Could not paste. Please use Ctrl+Shift+V.',
  terminalNothingSelected: 'Select some text to copy first.',
  run: 'Run',
  runCommands: (...commands: string[]) => `Run in the terminal: ${commands.join(', ')}`,
  copy: 'Copy',
  copyCommands: 'Copy commands',
  copied: 'Copied',
  copyFailed: 'Could not copy. Please select the commands and copy them.',
  outputExample: 'Output',
  minutes: (minutes: number) => `about ${minutes} min`,
  estimatedTime: (minutes: number) => `Takes about ${minutes} min`,
  courseComplete: 'You have finished every step',
  courseCompleteDetail: 'Well done. The last lesson lists keywords to study further.',
  reviewCourse: 'Review',
  lessonComplete: 'Finished',
  lessonOutline: 'Steps of this lesson',
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
