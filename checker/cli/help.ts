/** `check --help`, in Japanese (the learners' language), options in English words. */
import { checkIds } from '../catalog.ts'
import { checkGroups } from '../report/schema.ts'

export function helpText(defaults: { sshPort: number; httpPort: number; listsMaxAgeDays: number }): string {
  return `使い方: check [オプション] [グループ|項目…]

Web サーバを安全にする講座の各ステップ(アップデート、自動アップデート、SSH のポート変更、
ファイアウォール)ができているかを確かめ、足りないところと直すコマンドを表示します。
サーバの状態は読むだけで、何も変更しません。すべての項目を確かめるには sudo をつけてください:

  sudo check

グループ: ${checkGroups.join(', ')}
項目: ${checkIds.join(', ')}

オプション:
  --json             結果を JSON で出力します(提出用)
  --junit            結果を JUnit XML で出力します
  --lang ja|en       表示言語(既定: 日本語。LANG が英語なら英語)
  --watch            2 秒ごとに確かめ直し、すべて完了するか Ctrl+C まで表示を更新します
  --no-color         色をつけません(環境変数 NO_COLOR でも同じ)
  --ssh-port N       SSH のポート(既定: ${defaults.sshPort})
  --http-port N      Web のポート(既定: ${defaults.httpPort})
  --max-age DAYS     パッケージ一覧を新しいとみなす日数(既定: ${defaults.listsMaxAgeDays})
  --timeout SECONDS  各コマンドの制限時間(既定: 5)
  -V, --version      バージョンを表示します
  -h, --help         このヘルプを表示します

終了コード: 0 = すべて完了(注意のみを含む)、1 = 未完了または未確認の項目あり、2 = 使い方の誤りなど
`
}
