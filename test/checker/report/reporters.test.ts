import { describe, expect, it } from 'vitest'
import { exitCodeFor, reporters, reportSchema } from '../../../checker/report/index.ts'
import { fixtureReport } from '../_report.ts'
import { elements, parseXml } from './_xml.ts'

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
      "secure-course-check 0.0.0-test — web01 · Debian GNU/Linux 12 (bookworm)

      !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
        危険: このままでは SSH から締め出されます
        sshd は 54723 で待ち受けていますが、ファイアウォールはどれも通しません
        危険: ファイアウォールが有効(または次回起動時に有効)なのに、sshd が使うポートを許可していません。このままでは新しい SSH 接続ができなくなります。今のセッションを閉じずに、すぐ下のコマンドで許可してください。すでに入れなくなった場合は、SSH を通らないコンソール(シリアルコンソールや VNC コンソール。Lightsail のブラウザ SSH や EC2 Instance Connect は 22 番に SSH で接続するので使えません)から \`sudo ufw allow 54723/tcp\` または \`sudo ufw disable\` を実行します。
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
            ヒント: \`sudo ufw allow ssh\` や \`sudo ufw allow OpenSSH\` で開くのは 22 番で、54723 番ではありません。ポート番号で許可してください。\`sudo ufw allow 54723\` は tcp と udp の両方を開くので、\`54723/tcp\` のほうが必要最小限です。IPv6 も使う場合は /etc/default/ufw が IPV6=yes になっているか確認してください。\`ufw limit\` も許可に数えますが、30 秒に 6 回を超える接続(scp の連続実行など)は拒否されます。クラウドのファイアウォール(セキュリティグループなど)がある場合は、そちらでも 54723 番 (IPv4 と IPv6 の両方) を許可してください。
              $ sudo ufw allow 54723/tcp
        ✔ ファイアウォールが Web (80/tcp) を許可している — 80/tcp は許可されています
        ✔ 講座で使うポート以外が開いていない — 講座で使うポート以外は開いていません

      19 項目: 完了 17・未完了 2・注意 0・未確認 0 (0.04 秒)
      "
    `)
  })

  it('tells a non-root user to use sudo (English)', async () => {
    const text = reporters.text(await fixtureReport('nonroot', 'en'), { lang: 'en', color: false })
    expect(text.split('\n').slice(0, 2)).toMatchInlineSnapshot(`
      [
        "secure-course-check 0.0.0-test — web01 · Debian GNU/Linux 12 (bookworm)",
        "Running without sudo: checks that need root are "unknown". Run it with sudo.",
      ]
    `)
    expect(text).toMatch(/\n19 checks: \d+ passed, 0 failed, 0 warnings, \d+ unknown \(0\.04 s\)\n$/)
    // said once in the header, not under each of the six unknowns
    expect(text).not.toContain('$ sudo check')
  })

  it('celebrates when everything is done, with colors only when asked', async () => {
    const report = await fixtureReport('done')
    const plain = reporters.text(report, { lang: 'ja', color: false })
    expect(plain.trimEnd().split('\n').slice(-2)).toEqual(['すべての項目が完了しています。おつかれさまでした!', '19 項目: 完了 19・未完了 0・注意 0・未確認 0 (0.04 秒)'])
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

describe('text that comes from the system is shown, never obeyed', () => {
  // Clear screen, set the window title, bell, carriage return, NUL, DEL, C1 CSI, a right-to-left
  // override and a lone surrogate: what a hostile hostname or an sshd -t message could carry.
  const hostile = 'x\u001b[2J\u001b]0;owned\u0007\r\u0000\u007f\u009b31m\u202eevil\ud800'
  const shown = 'x\\x1b[2J\\x1b]0;owned\\x07\\x0d\\x00\\x7f\\x9b31m\\u202eevil\\ud800'
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/
  const hostileReport = async (lang: 'ja' | 'en') => {
    const report = await fixtureReport('broken', lang)
    report.host = { hostname: `web01${hostile}`, os: `Debian${hostile}` }
    report.results = report.results.map((result) => ({
      ...result,
      detail: `${result.detail}${hostile}`,
      ...(result.hint ? { hint: `${result.hint}${hostile}`, fix: [...(result.fix ?? []), `echo ${hostile}`] } : {}),
      evidence: [...(result.evidence ?? []), hostile],
    }))
    return report
  }

  it.each(['ja', 'en'] as const)('text (%s) shows control characters as visible escapes', async (lang) => {
    const report = await hostileReport(lang)
    const plain = reporters.text(report, { lang, color: false })
    expect(plain).not.toMatch(raw)
    expect(plain.split('\n')[0]).toContain(`web01${shown}`)
    expect(plain).toContain(`$ echo ${shown}`)
    // With colour on, every ESC left is one of ours: ESC [ digits m.
    expect(reporters.text(report, { lang, color: true }).replace(/\u001b\[[\d;]*m/g, '')).not.toMatch(raw)
  })

  it('json escapes them and keeps the data', async () => {
    const report = await hostileReport('en')
    const json = reporters.json(report, { lang: 'en', color: false })
    expect(json.replace(/\n/g, '')).not.toMatch(raw)
    expect(JSON.parse(json)).toEqual(report)
  })

  it('junit stays well-formed XML 1.0 and shows them as escapes', async () => {
    const report = await hostileReport('en')
    const tree = parseXml(reporters.junit(report, { lang: 'en', color: false }))
    expect(elements(tree, 'testsuite')[0]?.attributes.hostname).toBe(`web01${shown}`)
    expect(elements(tree, 'failure').map((failure) => failure.attributes.message)).toContain(`sshd -t reports: /etc/ssh/sshd_config.d/course.conf line 1: Badly formatted port number.${shown}`)
  })
})

describe('the summary line', () => {
  it.each([
    ['done', 'ja', '19 項目: 完了 19・未完了 0・注意 0・未確認 0 (0.04 秒)'],
    ['lockout', 'ja', '19 項目: 完了 17・未完了 2・注意 0・未確認 0 (0.04 秒)'],
    ['migrating', 'en', '19 checks: 15 passed, 0 failed, 4 warnings, 0 unknown (0.04 s)'],
  ] as const)('%s (%s) ends with counts and duration', async (name, lang, line) => {
    const text = reporters.text(await fixtureReport(name, lang), { lang, color: false })
    expect(text.trimEnd().split('\n').pop()).toBe(line)
  })

  it('counts one in the singular', async () => {
    const report = await fixtureReport('done', 'en')
    report.results = report.results.slice(0, 1).map((result) => ({ ...result, status: 'warn' }))
    report.summary = { pass: 0, fail: 0, warn: 1, unknown: 0, total: 1 }
    expect(reporters.text(report, { lang: 'en', color: false })).toContain('\n1 check: 0 passed, 0 failed, 1 warning, 0 unknown (0.04 s)\n')
  })

  it.each([
    [42, '0.04 秒'],
    [1349, '1.3 秒'],
    [61_000, '61.0 秒'],
  ])('%i ms reads %s', async (durationMs, shown) => {
    const report = { ...(await fixtureReport('done')), durationMs }
    expect(reporters.text(report, { lang: 'ja', color: false })).toContain(`(${shown})\n`)
  })
})

describe('labels and parentheses', () => {
  it.each(['done', 'fresh', 'lockout', 'nonroot', 'migrating', 'ubuntu-socket', 'broken'])('%s: no label stacked on a label', async (name) => {
    for (const lang of ['ja', 'en'] as const) {
      const text = reporters.text(await fixtureReport(name, lang), { lang, color: false })
      expect(text).not.toMatch(/(ヒント|Hint): *(危険|Danger|DANGER|ヒント|Hint|注意|Note):/)
    }
  })

  it('the header names host and system without nesting parentheses', async () => {
    const text = reporters.text(await fixtureReport('done', 'en'), { lang: 'en', color: false })
    expect(text.split('\n')[0]).toBe('secure-course-check 0.0.0-test — web01 · Debian GNU/Linux 12 (bookworm)')
  })
})

describe('junit and root', () => {
  it('checks that need root are skipped, not errors', async () => {
    const report = await fixtureReport('nonroot', 'en')
    const tree = parseXml(reporters.junit(report, { lang: 'en', color: false }))
    const needRoot = report.results.filter((result) => result.needsRoot).length
    expect(needRoot).toBeGreaterThanOrEqual(6)
    const skipped = elements(tree, 'skipped')
    expect(skipped).toHaveLength(needRoot)
    expect(elements(tree, 'error')).toHaveLength(report.summary.unknown - needRoot)
    expect(tree.attributes).toMatchObject({ tests: '19', failures: '0', errors: String(report.summary.unknown - needRoot), skipped: String(needRoot) })
    expect(skipped[0]?.attributes.message).toMatch(/root|sudo/)
    const suites = elements(tree, 'testsuite')
    expect(suites.reduce((sum, suite) => sum + Number(suite.attributes.skipped), 0)).toBe(needRoot)
  })

  it('every fixture parses as XML', async () => {
    for (const name of ['done', 'fresh', 'lockout', 'nonroot', 'migrating', 'ubuntu-socket', 'broken']) {
      for (const lang of ['ja', 'en'] as const) {
        const xml = reporters.junit(await fixtureReport(name, lang), { lang, color: false })
        expect(() => parseXml(xml), `${name} ${lang}`).not.toThrow()
      }
    }
  })
})
