export const helpText = `grade — 講座の採点 (grading for the course)

使い方 (usage): npm run grade -- [--data DIR] COMMAND …

  init [--force]                          採点データを作り、講師トークンを 1 度だけ表示
                                          (create the store; print the instructor token once;
                                          --force on an existing store issues a new one)
  class add NAME                          クラスを追加 (add a class)
  class list                              クラスの一覧 (list classes)
  student add CLASS ID [--name 氏名] [--host ADDRESS]
                                          受講者を追加し提出用トークンを表示 (add a learner; print their token)
  student import CLASS FILE.csv           名簿 (id,name,host; UTF-8) から追加しトークンを表示
                                          (add learners from a UTF-8 CSV; print their tokens)
  student token CLASS ID                  トークンを再発行 (issue a new token; the old one stops working)
  export CLASS [--format csv|json] [--output FILE]
                                          成績を出力 (export; CSV is UTF-8 with BOM for Excel)
  pull CLASS [--user NAME] [--identity KEY] [--port 54723] [--timeout 120]
             [--concurrency 16] [--checker dist/check.mjs] [--student ID]… [--no-probe]
                                          各受講者のサーバーに SSH で入り check を実行して回収
                                          (run check on each registered host over ssh and store it)

  --data DIR    採点データの場所 (where the store lives) [data]

トークンは表示のときだけ平文です。保存されるのはハッシュだけです。
(Tokens are shown once; only their SHA-256 is stored.)
終了コード (exit codes): 0 成功 (ok), 1 失敗 (failed), 2 使い方の誤り (usage error)
`
