import { describe, expect, it } from 'vitest'
import { nano } from '../../../src/sandbox/commands/nano/index.ts'
import { runScript } from '../../../src/sandbox/session/index.ts'
import { context, root, screenTty, student, tinyFs } from './helpers.ts'

const sshd = '#Port 22\nPermitRootLogin no\nPasswordAuthentication yes\n'

function files() {
  return tinyFs({
    '/etc/ssh/sshd_config': { content: sshd, mode: 0o644, uid: 0, gid: 0 },
    '/etc/shadow': { content: 'root:*:19000::::::\n', mode: 0o640, uid: 0, gid: 42 },
    '/tmp/t.conf': { content: 'Port 22\n#Foo bar\nあいう line\n', mode: 0o644, uid: 0, gid: 0 },
  })
}

async function open(path: string, keys: string[], cred = root, columns = 80, rows = 24) {
  const fs = files()
  const screen = screenTty(keys, columns, rows)
  const ctx = context(fs, ['nano', path], screen.tty, cred)
  const code = await nano(ctx)
  return { fs, screen, code, content: fs.files[path]?.content }
}

describe('nano: the file after editing', () => {
  const cases: [string, string[], string][] = [
    ['uncomment the Port line and change it', ['\x1b[3~', '\x1b[F\x7f\x7f', '54723', '\x0f', '\r', '\x18'], 'Port 54723\nPermitRootLogin no\nPasswordAuthentication yes\n'],
    ['add a line at the top', ['Port 54723\r', '\x18', 'y', '\r'], `Port 54723\n${sshd}`],
    ['Ctrl+K twice cuts two lines, Ctrl+U pastes them at the end', ['\x0b\x0b', '\x1b[B', '\x15', '\x18y\r'], 'PasswordAuthentication yes\n#Port 22\nPermitRootLogin no\n'],
    ['cuts that are not consecutive replace the cut buffer', ['\x0b', '\x1b[B', '\x0b', '\x15\x15', '\x18y\r'], 'PermitRootLogin no\nPasswordAuthentication yes\nPasswordAuthentication yes\n'],
    ['Ctrl+W finds the text and editing continues there', ['\x17', 'yes\r', '\x1b[3~\x1b[3~\x1b[3~no', '\x18y\r'], '#Port 22\nPermitRootLogin no\nPasswordAuthentication no\n'],
    ['Ctrl+_ goes to line 3, column 5', ['\x1f', '3,5\r', 'X', '\x18y\r'], '#Port 22\nPermitRootLogin no\nPassXwordAuthentication yes\n'],
    ['Japanese text is typed as is', ['# 日本語\r', '\x18y\r'], `# 日本語\n${sshd}`],
    ['N at the question leaves the file alone', ['junk', '\x18', 'n'], sshd],
    ['Backspace at the start of a line joins it to the one above', ['\x1b[B\x7f', '\x18y\r'], '#Port 22PermitRootLogin no\nPasswordAuthentication yes\n'],
    ['Alt+U undoes the typing', ['junk', '\x1bu', '\x0f\r', '\x18'], sshd],
    ['Esc then U undoes it too', ['junk', '\x1b', 'u', '\x0f\r', '\x18'], sshd],
    ['Alt+E redoes it, the cursor after it', ['junk', '\x1b[H', '\x1bu', '\x1be', 'X', '\x18y\r'], `junkX${sshd}`],
    ['undo goes back one step at a time', ['\x0b', 'x', '\x1bu', '\x18y\r'], 'PermitRootLogin no\nPasswordAuthentication yes\n'],
    ['Ctrl+\\ replaces #Port 22 with Port 54723', ['\x1c', '#Port 22\r', 'Port 54723\r', 'y', '\x18y\r'], 'Port 54723\nPermitRootLogin no\nPasswordAuthentication yes\n'],
    ['Alt+R and A replace every match', ['\x1br', 'no\r', 'yes\r', 'a', '\x18y\r'], '#Port 22\nPermitRootLogin yes\nPasswordAuthentication yes\n'],
    ['N leaves a match alone', ['\x1c', 'o\r', '0\r', 'n', 'y', '\x03', '\x18y\r'], '#Port 22\nPermitR0otLogin no\nPasswordAuthentication yes\n'],
    ['a replacement is undone', ['\x1c', 'yes\r', 'no\r', 'y', '\x1bu', '\x0f\r', '\x18'], sshd],
  ]
  it.each(cases)('%s', async (_name, keys, expected) => {
    const { content, code } = await open('/etc/ssh/sshd_config', keys)
    expect(content).toBe(expected)
    expect(code).toBe(0)
  })

  it('a new file is created with a final newline', async () => {
    const { content } = await open('/home/student/new.txt', ['hello', '\x0f\r', '\x18'], student)
    expect(content).toBe('hello\n')
  })
})

describe('nano: the screen', () => {
  const cases: [string, string, string[], Record<number, string>][] = [
    ['opening a file', '/tmp/t.conf', [], {
      1: '  GNU nano 7.2                       /tmp/t.conf',
      2: 'Port 22',
      4: 'あいう line',
      22: '                                [ Read 3 lines ]',
      23: '^G Help      ^O Write Out ^W Where Is  ^K Cut       ^T Execute   ^C Location',
      24: '^X Exit      ^R Read File ^\\ Replace   ^U Paste     ^J Justify   ^/ Go To Line',
    }],
    ['a modified buffer', '/tmp/t.conf', ['x'], { 1: '  GNU nano 7.2                       /tmp/t.conf *', 2: 'xPort 22' }],
    ['a new file', '/etc/ssh/new', [], { 1: '  GNU nano 7.2                      /etc/ssh/new', 22: '                                  [ New File ]' }],
    ['the write prompt', '/tmp/t.conf', ['\x0f'], {
      22: 'File Name to Write: /tmp/t.conf',
      23: '^G Help             M-D DOS Format      M-A Append          M-B Backup File',
      24: '^C Cancel           M-M Mac Format      M-P Prepend         ^T Browse',
    }],
    ['writing', '/tmp/t.conf', ['x\x0f\r'], { 1: '  GNU nano 7.2                       /tmp/t.conf', 22: '                               [ Wrote 3 lines ]' }],
    ['cancelling a prompt', '/tmp/t.conf', ['\x0f\x03'], { 22: '                                 [ Cancelled ]' }],
    ['the exit question', '/tmp/t.conf', ['x\x18'], { 22: 'Save modified buffer?', 23: ' Y Yes', 24: ' N No           ^C Cancel' }],
    ['a search that finds nothing', '/tmp/t.conf', ['\x17zzz\r'], { 22: '                              [ "zzz" not found ]' }],
    ['the search prompt', '/tmp/t.conf', ['\x17'], {
      22: 'Search:',
      23: '^G Help         M-C Case Sens   M-B Backwards   ^P Older        ^T Go To Line',
      24: '^C Cancel       M-R Reg.exp.    ^R Replace      ^N Newer',
    }],
    ['the go-to-line prompt', '/tmp/t.conf', ['\x1f'], {
      22: 'Enter line number, column number:',
      23: '^G Help             ^W Begin of Paragr. ^Y First Line       ^T Go To Text',
      24: '^C Cancel           ^O End of Paragraph ^V Last Line',
    }],
    ['Ctrl+C shows where the cursor is', '/tmp/t.conf', ['x\x03'], { 22: '            [ line  1/4 (25%), col  2/ 9 ( 22%), char  1/27 ( 3%) ]' }],
    ['Ctrl+C on line 2', '/tmp/t.conf', ['x\x1b[B\x1b[C\x1b[C\x03'], { 22: '            [ line  2/4 (50%), col  4/ 9 ( 44%), char 12/27 (44%) ]' }],
    ['help', '/tmp/t.conf', ['\x07'], {
      1: '                               Main nano help text',
      2: '',
      3: ' The nano editor is designed to emulate the functionality and ease-of-use',
      24: '^X Close     ^Q Where Was M-W Next     ^N Next Line ^V Next Page M-/ Last Line',
    }],
  ]
  it.each(cases)('%s', async (_name, path, keys, lines) => {
    const fs = files()
    const screen = screenTty(keys)
    let snapshot: Record<number, string> = {}
    // Look at the screen when the keys run out, before nano leaves the alternate screen.
    const readKey = screen.tty.readKey
    screen.tty.readKey = async () => {
      const key = await readKey()
      if (key.kind === 'eof' && Object.keys(snapshot).length === 0) snapshot = Object.fromEntries(Object.keys(lines).map((n) => [n, screen.line(Number(n))]))
      return key
    }
    await nano(context(fs, ['nano', path], screen.tty))
    expect(snapshot).toEqual(lines)
  })

  it('puts the cursor after a wide character at column 3', async () => {
    const screen = screenTty(['\x1b[B\x1b[B\x1b[C'])
    let cursor: number[] = []
    const readKey = screen.tty.readKey
    screen.tty.readKey = async () => {
      const key = await readKey()
      if (key.kind === 'eof' && cursor.length === 0) cursor = screen.cursor() ?? []
      return key
    }
    await nano(context(files(), ['nano', '/tmp/t.conf'], screen.tty))
    expect(cursor).toEqual([4, 3])
  })

  it('scrolls when the cursor leaves the screen', async () => {
    const fs = tinyFs({ '/tmp/long': { content: Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n'), mode: 0o644, uid: 0, gid: 0 } })
    const screen = screenTty(Array(25).fill('\x1b[B'), 80, 24)
    let first = ''
    const readKey = screen.tty.readKey
    screen.tty.readKey = async () => {
      const key = await readKey()
      if (key.kind === 'eof' && !first) first = screen.line(2)
      return key
    }
    await nano(context(fs, ['nano', '/tmp/long'], screen.tty))
    expect(first).toBe('line 7')
  })
})

describe('nano: the help screen at other widths', () => {
  // Recorded by hand from the real nano 7.2 (see recorded/README.md).
  const cases: [number, string, string][] = [
    [56, '^L Refresh    ^W Where Is   M-Q Previous  ^P Prev Line', '^X Close      ^Q Where Was  M-W Next      ^N Next Line'],
    [60, '^L Refresh  ^W Where Is M-Q Previous^P Prev Line^Y Prev Page', '^X Close    ^Q Where WasM-W Next    ^N Next Line^V Next Page'],
  ]
  it.each(cases)('its help bar at %i columns', async (columns, top, bottom) => {
    const screen = screenTty(['\x07'], columns)
    let rows: string[] = []
    const readKey = screen.tty.readKey
    screen.tty.readKey = async () => {
      const key = await readKey()
      if (key.kind === 'eof' && rows.length === 0) rows = [screen.line(23), screen.line(24)]
      return key
    }
    await nano(context(files(), ['nano', '/tmp/t.conf'], screen.tty))
    expect(rows).toEqual([top, bottom])
  })
})

describe('nano: permissions', () => {
  const cases: [string, string, string[], string][] = [
    ['a file the student cannot write', '/etc/ssh/sshd_config', [], "[ File '/etc/ssh/sshd_config' is unwritable ]"],
    ['a file the student cannot read', '/etc/shadow', [], '[ Error reading /etc/shadow: Permission denied ]'],
    ['writing without sudo fails', '/etc/ssh/sshd_config', ['x\x0f\r'], '[ Error writing /etc/ssh/sshd_config: Permission denied ]'],
  ]
  it.each(cases)('%s', async (_name, path, keys, status) => {
    const fs = files()
    const screen = screenTty(keys)
    let seen = ''
    let marks = ''
    const readKey = screen.tty.readKey
    screen.tty.readKey = async () => {
      const key = await readKey()
      if (key.kind === 'eof' && !seen) [seen, marks] = [screen.line(22).trim(), screen.marks(22).trim()]
      return key
    }
    await nano(context(fs, ['nano', path], screen.tty, student))
    expect(seen).toBe(status)
    // In nano's error colour, bold white on red, as the real nano shows these (checked by hand).
    expect(marks).toBe('E'.repeat(status.length))
    expect(fs.files['/etc/ssh/sshd_config']?.content).toBe(sshd)
  })
})

describe('nano without a terminal', () => {
  it('says stdin is not a terminal, as nano 7.2 does', async () => {
    const ctx = context(files(), ['nano', '/tmp/x'], undefined)
    expect(await nano(ctx)).toBe(1)
    expect(ctx.err.join('')).toBe('Standard input is not a terminal\n')
  })
})

describe('runScript', () => {
  it('shows the prompt and each line, answers questions from the next lines, hides passwords', async () => {
    const { fakeShell } = await import('../session/fake-shell.ts')
    let out = ''
    const code = await runScript(['echo hi', 'sudo ufw enable', 'secret', 'yn', 'y', 'yn'], () => fakeShell(), (text) => (out += text))
    expect(out).toBe(
      'student@webserver:~$ echo hi\nhi\n' +
        'student@webserver:~$ sudo ufw enable\n[sudo] password for student: \nok secret\n' +
        'student@webserver:~$ yn\nDo you want to continue? [Y/n] y\nanswer=y\n' +
        'student@webserver:~$ yn\nDo you want to continue? [Y/n] ',
    )
    expect(code).toBe(1)
  })
})

describe('nano in a narrow terminal', () => {
  // Writing past the bottom-right corner scrolls a real terminal: the title bar would leave the screen.
  it.each([56, 60, 80])('never writes a help row wider than %i columns', async (columns) => {
    const fs = files()
    const screen = screenTty([], columns, 20)
    let raw = ''
    const write = screen.tty.write
    screen.tty.write = (text) => {
      raw += text
      write(text)
    }
    await nano(context(fs, ['nano', '/etc/ssh/sshd_config'], screen.tty))
    const rows = [...raw.matchAll(/\x1b\[(19|20);1H(.*?)\x1b\[K/g)].map((match) => match[2]!.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''))
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(columns)
  })
})
