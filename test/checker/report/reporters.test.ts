import { describe, expect, it } from 'vitest'
import { exitCodeFor, reporters, reportSchema } from '../../../checker/report/index.ts'
import { fixtureReport } from '../_report.ts'

describe('report', () => {
  it.each(['done', 'fresh', 'lockout', 'nonroot', 'migrating', 'ubuntu-socket', 'broken'])('%s validates against the schema', async (name) => {
    const report = await fixtureReport(name)
    expect(reportSchema.safeParse(report).success).toBe(true)
    expect(JSON.parse(reporters.json(report, { lang: 'ja', color: false }))).toEqual(report)
  })

  it.each([
    ['done', 0],
    ['migrating', 0],
    ['fresh', 1],
    ['lockout', 1],
    ['nonroot', 1],
    ['broken', 1],
  ] as const)('%s exits with %i', async (name, code) => {
    expect(exitCodeFor(await fixtureReport(name))).toBe(code)
  })

  it('offers hint and fix only where something is to be done', async () => {
    const report = await fixtureReport('migrating')
    for (const result of report.results) {
      expect(result.hint === undefined, result.id).toBe(result.status === 'pass')
    }
  })
})

describe('text reporter', () => {
  it('shows a lockout loudly and first, then the steps (Japanese)', async () => {
    const text = reporters.text(await fixtureReport('lockout'), { lang: 'ja', color: false })
    expect(text).toMatchInlineSnapshot(`
      "secure-course-check 0.0.0-test — web01 (Debian GNU/Linux 12 (bookworm))

      !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
        危険: このままでは SSH から締め出されます
        sshd は 54723 で待ち受けていますが、ファイアウォールはどれも通しません
        ヒント: 危険: ファイアウォールが有効(または次回起動時に有効)なのに、sshd が使うポートを許可していません。このままでは新しい SSH 接続ができなくなります。今のセッションを閉じずに、すぐ下のコマンドで許可してください。すでに入れなくなった場合は、クラウド事業者の Web コンソールから \`sudo ufw allow 54723/tcp\` または \`sudo ufw disable\` を実行します。
          $ sudo ufw allow 54723/tcp
      !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

      ■ 締め出し防止
        ✘ SSH から締め出される危険がない — sshd は 54723 で待ち受けていますが、ファイアウォールはどれも通しません

      ■ レッスン 1: アップデートの適用
        ✔ パッケージ一覧が 7 日以内に更新されている — 最終更新は 1 日前です
        ✔ 更新できるパッケージがすべて適用されている — 適用待ちの更新はありません
        ✔ 再起動が必要な更新が残っていない — 再起動は不要です

      ■ レッスン 1: 自動アップデート
        ✔ unattended-upgrades がインストールされている — インストール済みです
        ✔ unattended-upgrades サービスが起動している — サービスは起動しています
        ✔ unattended-upgrades サービスが起動時に有効になっている — 起動時に有効です
        ✔ 自動更新が定期実行に設定されている — 一覧の更新 1 日ごと・自動更新 1 日ごとに設定されています

      ■ レッスン 2: SSH のポート変更
        ✔ sshd の設定ファイルに誤りがない — sshd -t は問題を報告していません
        ✔ sshd の設定にポート 54723 が入っている — 設定されたポート: 54723
        ✔ ポート 54723 で SSH が待ち受けている — ポート 54723 で待ち受けています
        ✔ 設定したポートと実際に待ち受けているポートが一致している — 設定と待ち受けが一致しています(54723)
        ✔ ポート 22 で SSH が待ち受けていない — ポート 22 は閉じています

      ■ レッスン 3: ファイアウォール (ufw)
        ✔ ufw がインストールされている — インストール済みです
        ✔ ufw が有効になっている — ufw は有効 (active) です
        ✔ 外からの通信が初期設定で拒否される — 受信の既定ポリシーは deny です
        ✘ ファイアウォールが SSH (54723/tcp) を許可している — IPv4 で 54723/tcp を許可するルールがありません。IPv6 で 54723/tcp を許可するルールがありません
            ヒント: \`sudo ufw allow ssh\` や \`sudo ufw allow OpenSSH\` で開くのは 22 番で、54723 番ではありません。ポート番号で許可してください。\`sudo ufw allow 54723\` は tcp と udp の両方を開くので、\`54723/tcp\` のほうが必要最小限です。IPv6 も使う場合は /etc/default/ufw が IPV6=yes になっているか確認してください。\`ufw limit\` も許可に数えますが、30 秒に 6 回を超える接続(scp の連続実行など)は拒否されます。クラウドのファイアウォール(セキュリティグループなど)がある場合は、そちらでも 54723 番を許可してください。
              $ sudo ufw allow 54723/tcp
        ✔ ファイアウォールが Web (80/tcp) を許可している — 80/tcp は許可されています
        ✔ 講座で使うポート以外が開いていない — 講座で使うポート以外は開いていません

      19 項目中 17 項目 完了 (未完了 2・注意 0・未確認 0)
      "
    `)
  })

  it('tells a non-root user to use sudo (English)', async () => {
    const text = reporters.text(await fixtureReport('nonroot', 'en'), { lang: 'en', color: false })
    expect(text.split('\n').slice(0, 2)).toMatchInlineSnapshot(`
      [
        "secure-course-check 0.0.0-test — web01 (Debian GNU/Linux 12 (bookworm))",
        "Running without sudo: checks that need root are "unknown". Run it with sudo.",
      ]
    `)
    expect(text).toContain('13 of 19 checks done (failed 0, warnings 0, unknown 6)')
    // said once in the header, not under each of the six unknowns
    expect(text).not.toContain('$ sudo check')
  })

  it('celebrates when everything is done, with colors only when asked', async () => {
    const report = await fixtureReport('done')
    const plain = reporters.text(report, { lang: 'ja', color: false })
    expect(plain.trimEnd().split('\n').at(-1)).toBe('19 項目中 19 項目 完了 — すべての項目が完了しています。おつかれさまでした!')
    expect(plain).not.toContain('\u001b[')
    expect(reporters.text(report, { lang: 'ja', color: true })).toContain('\u001b[32m✔\u001b[0m')
  })
})

describe('junit reporter', () => {
  it('maps fail to failure and unknown to error', async () => {
    const xml = reporters.junit(await fixtureReport('broken', 'en'), { lang: 'en', color: false })
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="secure-course-check" tests="19" failures="\d+" errors="\d+"/)
    expect(xml).toContain('<testcase classname="ssh" name="ssh.config-valid: sshd configuration is valid" time="0">\n      <failure message="sshd -t reports: /etc/ssh/sshd_config.d/course.conf line 1: Badly formatted port number.">')
    expect(xml).toContain('<error message="Could not determine the listening ports (/proc/net/tcp: unexpected format)">')
    expect((xml.match(/<testcase /g) ?? []).length).toBe(19)
  })

  it('escapes XML', async () => {
    const report = await fixtureReport('done')
    report.results[0] = { ...report.results[0]!, status: 'fail', detail: '<&"\'>' }
    expect(reporters.junit(report, { lang: 'ja', color: false })).toContain('message="&lt;&amp;&quot;&apos;&gt;"')
  })
})
