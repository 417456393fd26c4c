/** `check --help` in the learner's language (Japanese by default, English with --lang en or an English locale). */
import { checkGroups, type Lang } from '../report/schema.ts'

export interface HelpDefaults {
  sshPort: number
  httpPort: number
  listsMaxAgeDays: number
}

const texts: Record<Lang, (defaults: HelpDefaults) => string> = {
  ja: (defaults) => `使い方: check [オプション] [--] [グループ|項目…]
      check login URL TOKEN
      check logout

Web サーバーを安全にする講座の各ステップ(アップデート、自動アップデート、SSH のポート変更、
ファイアウォール)ができているかを確かめ、足りないところと直すコマンドを表示します。
サーバーの状態は読むだけで、何も変更しません。すべての項目を確かめるには sudo をつけてください:

  sudo check

グループ: ${checkGroups.join(', ')}
項目の一覧は check --list で表示します。

オプション:
  --json             結果を JSON で出力します(提出用)
  --junit            結果を JUnit XML で出力します
  --list             すべての項目の ID・グループ・名前を表示します
  --lang ja|en       表示言語(既定: 日本語。LANG などが英語なら英語)
  --watch            2 秒ごとに確かめ直し、すべて完了するか Ctrl+C まで表示を更新します
  --color            パイプの先でも色をつけます(環境変数 FORCE_COLOR でも同じ)
  --no-color         色をつけません(環境変数 NO_COLOR、TERM=dumb でも同じ)
  --ssh-port N       SSH のポート(既定: ${defaults.sshPort})
  --http-port N      Web のポート(既定: ${defaults.httpPort})
  --max-age DAYS     パッケージ一覧を新しいとみなす日数(既定: ${defaults.listsMaxAgeDays})
  --timeout SECONDS  各コマンドの制限時間(既定: apt は 60 秒、ほかは 10 秒)
  --submit [URL]     結果を講師の採点サーバーに提出します(URL がなければ check login で保存した先)
  --token TOKEN      提出に使うトークン(--submit URL と一緒に)
  --link             結果をサイトに反映するリンクだけを表示します
  --site URL         リンク先のサイト(既定: このファイルを作ったときのサイト)
  -V, --version      バージョンを表示します
  -h, --help, help   このヘルプを表示します
  --                 これより後はすべてグループか項目として扱います

check login URL TOKEN  提出先とトークンを、sudo で実行したユーザーのホームの
                       ~/.config/secure-course-check/login.json (0600) に保存します。
                       以後は sudo check --submit だけで提出できます。
check logout           保存したログイン情報 (login.json) を削除します。
                       送っていない結果 (queue/) は残し、その件数を表示します。
提出先に届かなかった結果は同じフォルダの queue/ に残し、次に提出できたとき先に送ります。
ネットワークを使うのは提出するときだけです。

終了コード: 0 = すべて完了(注意のみを含む)、1 = 未完了または未確認の項目あり、2 = 使い方の誤りなど
  --submit のときは、提出できれば上のとおり。できなければ
  3 = 提出を断られた(トークンや URL の誤り。結果は保存しません)、
  4 = 提出先に届かなかった(結果は保存し、次の提出で送ります)
`,
  en: (defaults) => `Usage: check [options] [--] [group|check…]
       check login URL TOKEN
       check logout

Checks the steps of the secure web server course (updates, automatic updates, the SSH port,
the firewall) on this server, shows what is missing and the commands that fix it. It only reads
the system and changes nothing. Run it with sudo to check everything:

  sudo check

Groups: ${checkGroups.join(', ')}
check --list shows every check.

Options:
  --json             print the result as JSON (to hand in)
  --junit            print the result as JUnit XML
  --list             list every check: id, group and title
  --lang ja|en       language (default: Japanese; English when LANG and the like are English)
  --watch            check again every 2 s until everything is done or Ctrl+C
  --color            colour even into a pipe (same as the FORCE_COLOR environment variable)
  --no-color         no colour (same as NO_COLOR, or TERM=dumb)
  --ssh-port N       the SSH port (default: ${defaults.sshPort})
  --http-port N      the web port (default: ${defaults.httpPort})
  --max-age DAYS     package lists count as fresh for this many days (default: ${defaults.listsMaxAgeDays})
  --timeout SECONDS  time limit for each command (default: 60 s for apt, 10 s for the rest)
  --submit [URL]     hand the result in to the instructor's grading server (no URL: the saved login)
  --token TOKEN      the token to submit with (with --submit URL)
  --link             print only the link that shows this result on the course site
  --site URL         the site the link points to (default: the one this file was built for)
  -V, --version      print the version
  -h, --help, help   print this help
  --                 everything after this is a group or a check

check login URL TOKEN  saves the server and token in ~/.config/secure-course-check/login.json
                       (0600) of the user who ran sudo; then sudo check --submit is enough.
check logout           deletes that login.json; reports not yet sent stay in queue/,
                       and it says how many.
A report the server could not be reached for is kept in queue/ there and sent first next time.
Submitting is the only time check uses the network.

Exit status: 0 = all done (warnings allowed), 1 = something failed or could not be checked,
2 = usage error and the like. With --submit, the same once submitted; otherwise
3 = the server refused it (wrong token or URL; not kept),
4 = the server could not be reached (kept, sent with the next submit)
`,
}

export function helpText(defaults: HelpDefaults, lang: Lang = 'ja'): string {
  return texts[lang](defaults)
}
