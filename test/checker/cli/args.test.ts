import { describe, expect, it } from 'vitest'
import { defaultLang, parseArgs } from '../../../checker/cli/args.ts'

const tty = { env: {}, stdoutIsTty: true }
const parse = (argv: string[], environment = tty) => parseArgs(argv, environment)

describe('check arguments', () => {
  it.each([
    [[], { reporter: 'text', lang: 'ja', color: true, watch: false, logout: false }],
    [['--json'], { reporter: 'json' }],
    [['--junit'], { reporter: 'junit' }],
    [['--lang', 'en'], { lang: 'en' }],
    [['--lang=en'], { lang: 'en' }],
    [['--no-color'], { color: false }],
    [['--watch'], { watch: true }],
    [['--timeout', '2.5'], { timeoutMs: 2500 }],
    [['--max-age', '3'], { listsMaxAgeDays: 3 }],
    [['--ssh-port', '2222', '--http-port=8080'], { sshPort: 2222, httpPort: 8080 }],
    [['--fixture-root', '/tmp/x'], { fixtureRoot: '/tmp/x' }],
    [['-h'], { help: true }],
    [['--version'], { version: true }],
    [['help'], { help: true }],
    [['--lang', 'en', 'help'], { help: true, lang: 'en' }],
    [['--list'], { list: true }],
    [['--json', '--json'], { reporter: 'json' }],
    [['--junit', '--junit'], { reporter: 'junit' }],
    [['--json', '--', 'ssh.port-listening'], { reporter: 'json', selected: ['ssh.port-listening'] }],
    [['--', 'guard'], { reporter: 'text', selected: ['guard.lockout'] }],
    [['logout'], { logout: true }],
    [['logout', '--lang', 'en'], { logout: true, lang: 'en' }],
    [['--lang', 'en', 'logout'], { logout: true, lang: 'en' }],
    [['logout', '--'], { logout: true }],
    [['help', 'logout'], { help: true, logout: true }],
  ])('%j', (argv, expected) => {
    const parsed = parse(argv)
    expect(parsed.ok && parsed.options).toMatchObject(expected)
  })

  it('leaves the time limit to each probe unless --timeout is given (apt needs tens of seconds)', () => {
    const parsed = parse([])
    expect(parsed.ok && parsed.options.timeoutMs).toBeUndefined()
  })

  it.each([
    [['ssh'], ['ssh.config-valid', 'ssh.port-configured', 'ssh.port-listening', 'ssh.port-applied', 'ssh.port22-closed']],
    [['guard', 'updates.reboot'], ['updates.reboot', 'guard.lockout']],
    [['firewall.allow-ssh', 'firewall'], ['firewall.installed', 'firewall.active', 'firewall.default-deny', 'firewall.allow-ssh', 'firewall.allow-http', 'firewall.extra-ports']],
  ])('selects %j', (argv, ids) => {
    const parsed = parse(argv)
    expect(parsed.ok && parsed.options.selected).toEqual(ids)
  })

  it.each([
    [['--lang', 'fr'], '--lang は ja か en です'],
    [['--json', '--junit'], '同時に使えません'],
    [['--watch', '--json'], '--watch は'],
    [['--timeout', '0'], '--timeout は秒数です'],
    [['--ssh-port', '70000'], 'ポート番号 1〜65535'],
    [['--ssh-port'], 'には値が必要です'],
    [['--frobnicate'], '不明なオプションです'],
    [['sshd'], '不明な項目です: sshd'],
    [['--', '--json'], '不明な項目です: --json'],
    [['--', 'help'], '不明な項目です: help'],
    [['ssh', 'help'], '不明な項目です: help'],
    [['--json', '--junit', '--json'], '同時に使えません'],
    [['logout', 'extra-word'], '使い方: check logout (usage: check logout)'],
    [['logout', 'ssh'], '使い方: check logout'],
    [['logout', 'login', 'http://127.0.0.1:1', 'T0ken'], '使い方: check logout'],
    [['logout', '--lang', 'en', 'logout'], 'check logout にはほかの指定をつけられません'],
    [['logout', '--submit'], 'check logout にはほかの指定をつけられません'],
    [['logout', '--token', 'T0ken'], 'check logout にはほかの指定をつけられません'],
    [['logout', '--watch'], 'check logout にはほかの指定をつけられません'],
    [['logout', '--link'], 'check logout にはほかの指定をつけられません'],
    [['logout', '--', 'ssh'], 'check logout にはほかの指定をつけられません'],
    [['logout', '--lang', 'en', 'login', 'http://127.0.0.1:1', 'T0ken'], 'check logout にはほかの指定をつけられません: login'],
    [['logout', '--json'], 'check logout にはほかの指定をつけられません: --json'],
    [['logout', '--junit'], 'check logout にはほかの指定をつけられません: --junit'],
    [['logout', '--list'], 'check logout にはほかの指定をつけられません: --list'],
    [['logout', '--timeout', '9'], 'check logout にはほかの指定をつけられません: --timeout'],
    [['logout', '--fixture-root=/tmp'], 'check logout にはほかの指定をつけられません: --fixture-root'],
    [['login', 'http://127.0.0.1:1', 'T0ken', '--json'], 'check login にはほかの指定をつけられません: --json'],
    [['--ssh-port', '2222', 'login', 'http://127.0.0.1:1', 'T0ken'], 'check login にはほかの指定をつけられません: --ssh-port'],
    [['login', 'http://127.0.0.1:1', 'T0ken', '--site', 'https://course.example/'], 'check login にはほかの指定をつけられません: --site'],
    [['login', 'http://127.0.0.1:1', 'T0ken', '--', 'ssh'], 'check login にはほかの指定をつけられません: ssh'],
  ])('rejects %j', (argv, message) => {
    const parsed = parse(argv)
    expect(parsed.ok ? '' : parsed.error).toContain(message)
  })

  it('takes logout as a command only as the first word that is not an option, so it never hides a check', () => {
    const first = parse(['--no-color', 'logout'])
    expect(first.ok && first.options.logout).toBe(true)
    for (const argv of [['ssh', 'logout'], ['--', 'logout'], ['--json', 'guard', 'logout']]) {
      const parsed = parse(argv)
      expect(parsed.ok ? '' : parsed.error, JSON.stringify(argv)).toContain('不明な項目です: logout')
    }
    const afterLogin = parse(['login', 'http://127.0.0.1:1', 'T0ken', 'logout'])
    expect(afterLogin.ok ? '' : afterLogin.error).toContain('使い方: check login URL TOKEN')
  })

  it.each([
    [{}, 'ja'],
    [{ LANG: 'ja_JP.UTF-8' }, 'ja'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'C.UTF-8' }, 'ja'],
    [{ LANG: 'ja_JP.UTF-8', LC_ALL: 'en_GB.UTF-8' }, 'en'],
    [{ LANG: 'en' }, 'en'],
  ])('language for %j is %s', (env, lang) => {
    expect(defaultLang(env)).toBe(lang)
  })

  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ TERM: 'dumb' }, true, false],
    [{ TERM: 'xterm-256color' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: 'true' }, false, true],
    [{ FORCE_COLOR: '1', TERM: 'dumb' }, true, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: '' }, false, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, false],
  ] as const)('colour for %j on a terminal: %s → %s', (env, stdoutIsTty, color) => {
    const parsed = parse([], { env, stdoutIsTty })
    expect(parsed.ok && parsed.options.color).toBe(color)
  })

  it.each([
    [['--color'], { NO_COLOR: '1', TERM: 'dumb' }, false, true],
    [['--no-color'], { FORCE_COLOR: '1' }, true, false],
  ] as const)('%j wins over %j', (argv, env, stdoutIsTty, color) => {
    const parsed = parse([...argv], { env, stdoutIsTty })
    expect(parsed.ok && parsed.options.color).toBe(color)
  })
})
