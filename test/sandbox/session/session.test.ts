import { describe, expect, it } from 'vitest'
import { createTerminalSession } from '../../../src/sandbox/session/index.ts'
import { fakeShell } from './fake-shell.ts'

const P = 'student@webserver:~$ '
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

function setup(columns = 80) {
  const shell = fakeShell()
  const chunks: string[] = []
  const ends: [string, number][] = []
  let exitCode: number | undefined
  let release: (() => void) | undefined
  const session = createTerminalSession({
    createShell: () => shell,
    columns,
    rows: 24,
    output: (data) => chunks.push(data),
    pause: () => new Promise<void>((resolve) => (release = resolve)),
  })
  session.onCommandEnd((line, code) => ends.push([line, code]))
  session.onExit((code) => (exitCode = code))
  session.start()
  chunks.length = 0
  return {
    session,
    shell,
    ends,
    exitCode: () => exitCode,
    release: () => release?.(),
    /** everything written since the last call */
    take: () => chunks.splice(0).join(''),
  }
}

describe('line editing: exact bytes to xterm', () => {
  const cases: [string, string[], string][] = [
    ['typing', ['ls'], 'ls'],
    ['backspace at the end', ['ls', '\x7f'], 'ls\b\x1b[K'],
    ['left then insert', ['lx', '\x1b[D', 's'], 'lx\bsx\b'],
    ['home and end', ['abc', '\x1b[H', '\x1b[F'], 'abc\b\b\b\x1b[3C'],
    ['delete under the cursor', ['abc', '\x01', '\x1b[3~'], 'abc\b\b\bbc\x1b[K\b\b'],
    ['Ctrl+U kills to the start', ['ab cd', '\x15'], 'ab cd\b\b\b\b\b\x1b[K'],
    ['Ctrl+W kills a word', ['ab cd', '\x17'], 'ab cd\b\b\x1b[K'],
    ['Ctrl+K kills to the end', ['abcd', '\x1b[D\x1b[D', '\x0b'], 'abcd\b\b\x1b[K'],
    ['Ctrl+E after Ctrl+A', ['ab', '\x01', '\x05'], 'ab\b\b\x1b[2C'],
    ['Japanese is two columns wide', ['あい', '\x1b[D'], 'あい\b\b'],
    ['backspace over a wide character', ['aあ', '\x7f'], 'aあ\b\b\x1b[K'],
    ['Ctrl+L clears and redraws', ['ls', '\x0c'], `ls\x1b[H\x1b[2J${P}ls`],
  ]
  it.each(cases)('%s', (_name, inputs, expected) => {
    const t = setup()
    for (const data of inputs) t.session.input(data)
    expect(t.take()).toBe(expected)
  })
})

describe('wrapping (prompt is 21 columns)', () => {
  const cases: [string, number, string[], string[]][] = [
    ['filling the last column makes the wrap happen', 24, ['abc'], ['abc \r']],
    ['typing past the width wraps by itself', 24, ['abcd', '\x1b[D', '\x1b[D'], ['abcd', '\r', '\x1b[A\x1b[23C']],
    ['→ crosses to the next row', 24, ['abcd', '\x01', '\x1b[C', '\x1b[C', '\x1b[C'], ['abcd', '\x1b[A\x1b[20C', '\x1b[C', '\x1b[C', '\x1b[B\r']],
    ['a wide character that does not fit goes to the next row', 22, ['あ', '\x1b[D', '\x1b[C'], ['あ', '\r', '\x1b[2C']],
    ['inserting before a wrapped tail rewrites it', 24, ['abcd', '\x01', 'x'], ['abcd', '\x1b[A\x1b[20C', 'xabcd\x1b[A\x1b[20C']],
    ['backspace pulls the tail back onto the first row', 24, ['abcd', '\x7f'], ['abcd', '\r\x1b[K']],
    ['deleting a whole wrapped row clears below', 24, ['abcd', '\x15'], ['abcd', '\x1b[A\x1b[20C\x1b[J']],
  ]
  it.each(cases)('%s', (_name, columns, inputs, expected) => {
    const t = setup(columns)
    expect(inputs.map((data) => (t.session.input(data), t.take()))).toEqual(expected)
  })
})

describe('commands', () => {
  it('Enter runs the line, converts \\n to \\r\\n and prints the next prompt', async () => {
    const t = setup()
    t.session.input('echo hi\r')
    await flush()
    expect(t.take()).toBe(`echo hi\r\nhi\r\n${P}`)
    expect(t.ends).toEqual([['echo hi', 0]])
  })
  it('an empty line gives a new prompt and no command end', async () => {
    const t = setup()
    t.session.input('\r')
    await flush()
    expect(t.take()).toBe(`\r\n${P}`)
    expect(t.ends).toEqual([])
  })
  it('a command that throws prints an internal error and the prompt comes back', async () => {
    const t = setup()
    t.session.input('boom\r')
    await flush()
    expect(t.take()).toBe(`boom\r\nbash: internal error: boom\r\n${P}`)
    expect(t.ends).toEqual([['boom', 1]])
  })
  it('a password is read without echo', async () => {
    const t = setup()
    t.session.input('sudo ufw\r')
    await flush()
    expect(t.take()).toBe('sudo ufw\r\n[sudo] password for student: ')
    t.session.input('secret\r')
    await flush()
    expect(t.take()).toBe(`\r\nok secret\r\n${P}`)
  })
  it('a visible answer is echoed and editable', async () => {
    const t = setup()
    t.session.input('yn\r')
    await flush()
    t.take()
    t.session.input('nx\x7f\r')
    await flush()
    expect(t.take()).toBe(`nx\b\x1b[K\r\nanswer=n\r\n${P}`)
  })
  it('Ctrl+C while a command waits for a line: readLine gives null, ^C and a fresh prompt', async () => {
    const t = setup()
    t.session.input('yn\r')
    await flush()
    t.take()
    t.session.input('y\x03')
    await flush()
    expect(t.take()).toBe(`y^C\r\n${P}`)
    expect(t.ends).toEqual([['yn', 1]])
  })
  it('Ctrl+C at the prompt prints ^C and a fresh prompt', () => {
    const t = setup()
    t.session.input('ls\x03')
    expect(t.take()).toBe(`ls^C\r\n${P}`)
  })
  it('Ctrl+C while a command is busy drops its output and returns to the prompt', async () => {
    const t = setup()
    t.session.input('sleep\r')
    await flush()
    t.session.input('abc\x03')
    t.release()
    await flush()
    expect(t.take()).toBe(`sleep\r\n^C\r\n${P}`)
  })
  it('keys typed while a command runs wait for the next prompt', async () => {
    const t = setup()
    t.session.input('sleep\r')
    await flush()
    t.session.input('echo x\r')
    expect(t.take()).toBe('sleep\r\n')
    t.release()
    await flush()
    expect(t.take()).toBe(`woke\r\n${P}echo x\r\nx\r\n${P}`)
  })
  it('type() runs a command, and queues one while another runs', async () => {
    const t = setup()
    t.session.type('sleep')
    await flush()
    t.session.type('echo queued')
    t.release()
    await flush()
    expect(t.take()).toBe(`sleep\r\nwoke\r\n${P}echo queued\r\nqueued\r\n${P}`)
    expect(t.ends.map(([line]) => line)).toEqual(['sleep', 'echo queued'])
  })
  it('the prompt starts after output without a final newline', async () => {
    const t = setup()
    t.session.input('printf ab\r')
    await flush()
    t.session.input('x\x1b[D')
    expect(t.take()).toBe(`printf ab\r\nab${P}x\b`)
  })
  it('exit ends the session', async () => {
    const t = setup()
    t.session.input('exit\r')
    await flush()
    expect(t.take()).toBe('exit\r\nlogout\r\n')
    expect(t.exitCode()).toBe(0)
    t.session.input('echo no\r')
    await flush()
    expect(t.take()).toBe('')
  })
  it('Ctrl+D on an empty line logs out', async () => {
    const t = setup()
    t.session.input('\x04')
    await flush()
    expect(t.take()).toBe('logout\r\n')
    expect(t.exitCode()).toBe(0)
  })
})

describe('history', () => {
  it('↑ and ↓ walk the shell history and come back to the draft', async () => {
    const t = setup()
    t.session.input('echo one\r')
    await flush()
    t.session.input('echo two\r')
    await flush()
    t.take()
    const steps = ['ec', '\x1b[A', '\x1b[A', '\x1b[A', '\x1b[B', '\x1b[B'].map((data) => (t.session.input(data), t.take()))
    expect(steps).toEqual(['ec', '\b\becho two', '\b\b\b\b\b\b\b\becho one', '', '\b\b\b\b\b\b\b\becho two', '\b\b\b\b\b\b\b\bec\x1b[K'])
  })
})

describe('Tab completion', () => {
  const cases: [string, string[], string[]][] = [
    ['one command gets a space', ['ufw', '\t'], ['ufw', ' ']],
    ['several: the common prefix, then a bell', ['cat ss', '\t'], ['cat ss', 'h']],
    ['a second Tab lists them like bash', ['cat ssh', '\t', '\t'], ['cat ssh', '\x07', `\r\nssh/         ssh_config   sshd_config\r\n${P}cat ssh`]],
    ['a directory gets no space', ['cat ssh/', '\x1b[D', '\t'], ['cat ssh/', '\b', '\x07']],
    ['nothing matches: bell', ['cat x', '\t'], ['cat x', '\x07']],
  ]
  it.each(cases)('%s', (_name, inputs, expected) => {
    const t = setup()
    expect(inputs.map((data) => (t.session.input(data), t.take()))).toEqual(expected)
  })
})

describe('Japanese input', () => {
  it('IME text is inserted as a whole and the cursor moves two columns per character', () => {
    const t = setup()
    const steps = ['echo ', '日本語', '\x01', '\x1b[F', '\x1b[D', '\x7f'].map((data) => (t.session.input(data), t.take()))
    expect(steps).toEqual(['echo ', '日本語', '\b'.repeat(11), '\x1b[11C', '\b\b', '\b\b語\x1b[K\b\b'])
  })
})

describe('notices from elsewhere (a connection the server closed)', () => {
  it('at the prompt: printed below the half-typed line, which is drawn again after a new prompt', () => {
    const t = setup()
    t.session.input('sudo ufw st')
    t.take()
    t.session.notify('Connection to 203.0.113.10 closed by remote host.\n')
    expect(t.take()).toBe(`\r\nConnection to 203.0.113.10 closed by remote host.\r\n${P}sudo ufw st`)
  })

  it('nothing to say prints nothing', () => {
    const t = setup()
    t.session.notify('')
    expect(t.take()).toBe('')
  })
})
