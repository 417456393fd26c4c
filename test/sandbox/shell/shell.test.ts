import { describe, expect, it } from 'vitest'
import type { Tty } from '../../../src/sandbox/commands/types.ts'
import { login, makeSystem, run } from './_system.ts'

type Case = [line: string | string[], stdout: string, stderr?: string, status?: number]

const cases: Record<string, Case[]> = {
  quoting: [
    ["echo 'a  b' \"c  d\" e\\ f", 'a  b c  d e f\n'],
    ['echo "$HOME" \'$HOME\' \\$HOME', '/home/student $HOME $HOME\n'],
    ['echo ""', '\n'],
    ["echo '' x", ' x\n'],
    ['echo "a\\"b" \'it\'"\'"\'s\'', 'a"b it\'s\n'],
    ['echo a#b # comment', 'a#b\n'],
  ],
  variables: [
    [['X=1', 'echo $X ${X} ${Y:-dflt} ${#X}'], '1 1 dflt 1\n'],
    [['X="a   b"', 'echo $X; echo "$X"'], 'a b\na   b\n'],
    ['echo $USER $LOGNAME $SHELL $PATH', 'student student /bin/bash /usr/local/bin:/usr/bin:/bin:/usr/games\n'],
    ['false; echo $?; true; echo $?', '1\n0\n'],
    ['X=5 env | grep ^X=', 'X=5\n'],
    [['X=6', 'env | grep ^X='], '', '', 1],
    [['export X=7', 'env | grep ^X='], 'X=7\n'],
    [['X=8', 'unset X', 'echo "[$X]"'], '[]\n'],
    ['echo ~ ~/a ~root', '/home/student /home/student/a /root\n'],
    ['echo $(echo hi) `echo there` "$(echo a  b)"', 'hi there a b\n'],
    ['echo $((2 + 3 * 4))', '14\n'],
    ['echo ${NOPE:?unset here}', '', 'bash: NOPE: unset here\n', 1],
    ['echo ${}', '', 'bash: ${}: bad substitution\n', 2],
  ],
  globbing: [
    ['cd /etc; echo host*', 'hostname\n'],
    ['echo /etc/ssh/*', '/etc/ssh/sshd_config /etc/ssh/sshd_config.d\n'],
    ['echo /etc/*.nope', '/etc/*.nope\n'],
    ['echo "/etc/host*"', '/etc/host*\n'],
    ['echo /etc/pass?d /etc/[gp]*', '/etc/passwd /etc/group /etc/passwd\n'],
    ['echo ~/*', '/home/student/notes.txt\n'],
  ],
  'pipes and lists': [
    ['cat /etc/passwd | grep student | cut -d: -f1', 'student\n'],
    ['printf "b\\na\\nb\\n" | sort | uniq -c', '      1 a\n      2 b\n'],
    ['true && echo yes || echo no', 'yes\n'],
    ['false && echo yes || echo no', 'no\n'],
    ['false; echo after', 'after\n'],
    ['! false && echo negated', 'negated\n'],
    ['(cd /etc; pwd); pwd', '/etc\n/home/student\n'],
  ],
  redirections: [
    [['echo one > f', 'echo two >> f', 'cat f'], 'one\ntwo\n'],
    [['echo x > /etc/x'], '', 'bash: /etc/x: Permission denied\n', 1],
    [['cat < /nope'], '', 'bash: /nope: No such file or directory\n', 1],
    [['echo x > /nope/y'], '', 'bash: /nope/y: No such file or directory\n', 1],
    [['echo x > /etc'], '', 'bash: /etc: Is a directory\n', 1],
    ['ls /nope 2>/dev/null; echo $?', '2\n'],
    ['ls /nope 2>&1 | grep -c cannot', '1\n'],
    ['ls /nope &> /dev/null; echo done', 'done\n'],
    ['cat /nope > /dev/null 2>&1', '', '', 1],
    [['cat < notes.txt | wc -l'], '3\n'],
    [['> empty', 'wc -c empty'], '0 empty\n'],
    ['grep -c a <<< "banana"', '1\n'],
  ],
  errors: [
    ['nosuchcmd', '', 'bash: nosuchcmd: command not found\n', 127],
    ['./nosuch', '', 'bash: ./nosuch: No such file or directory\n', 127],
    ['| ls', '', "bash: syntax error near unexpected token `|'\n", 2],
    ['ls ;;', '', "bash: syntax error near unexpected token `;;'\n", 2],
    ['echo >', '', "bash: syntax error near unexpected token `newline'\n", 2],
    ['; echo', '', "bash: syntax error near unexpected token `;'\n", 2],
    ['echo "abc', '', 'bash: unexpected EOF while looking for matching `"\'\n', 2],
    ['ls &&', '', 'bash: syntax error: unexpected end of file\n', 2],
  ],
  builtins: [
    ['cd /etc/ssh && pwd', '/etc/ssh\n'],
    [['cd /tmp', 'cd -'], '/home/student\n'],
    ['cd -', '', 'bash: cd: OLDPWD not set\n', 1],
    ['cd /x', '', 'bash: cd: /x: No such file or directory\n', 1],
    ['cd /root', '', 'bash: cd: /root: Permission denied\n', 1],
    ['cd /etc/hostname', '', 'bash: cd: /etc/hostname: Not a directory\n', 1],
    ['cd /etc; cd; pwd', '/home/student\n'],
    ['cd a b', '', 'bash: cd: too many arguments\n', 1],
    ['echo -n a; echo -e "b\\tc"; echo -x', 'ab\tc\n-x\n'],
    ['printf "%s-%d\\n" a 1 b 2', 'a-1\nb-2\n'],
    ['printf "%5s|%-4s|%03d\\n" ab cd 7', '   ab|cd  |007\n'],
    ['printf "%b" "x\\ny\\n"', 'x\ny\n'],
    ['printf "%d\\n" abc', '0\n', 'bash: printf: abc: invalid number\n', 1],
    ['type cd ls nope', 'cd is a shell builtin\nls is /usr/bin/ls\n', 'bash: type: nope: not found\n', 1],
    ['[ -f /etc/hostname ] && test -d /etc && [ "a" = a ] && echo ok', 'ok\n'],
    ['[ -r /etc/shadow ] || echo unreadable', 'unreadable\n'],
    ['[ 1 -lt 2 ] && [ ! -e /nope ] && echo ok', 'ok\n'],
    ['[ a = a', '', "bash: [: missing `]'\n", 2],
    ['export 1a=b', '', "bash: export: `1a=b': not a valid identifier\n", 1],
    ['. /etc/os-release; echo "$PRETTY_NAME"', 'Debian GNU/Linux 12 (bookworm)\n'],
    ['source /etc/os-release && echo $VERSION_CODENAME', 'bookworm\n'],
    ['. /nope', '', 'bash: /nope: No such file or directory\n', 1],
    ['source /etc/shadow', '', 'bash: /etc/shadow: Permission denied\n', 1],
  ],
}

describe.each(Object.entries(cases))('shell: %s', (_group, table) => {
  it.each(table)('%j', async (line, stdout, stderr = '', status = 0) => {
    const result = await run(line)
    expect({ stdout: result.stdout, stderr: result.stderr, status: result.status }).toEqual({ stdout, stderr, status })
  })
})

function recordingTty(): Tty & { output: string } {
  const tty = {
    output: '',
    columns: 80,
    rows: 24,
    write(text: string) {
      tty.output += text
    },
    readLine: async () => null,
    readKey: async () => ({ kind: 'eof' as const }),
    pause: async () => undefined,
  }
  return tty
}

describe('login shell', () => {
  it('prompts like Debian bash', async () => {
    const shell = login()
    expect(shell.prompt()).toBe('student@webserver:~$ ')
    await shell.run('cd /etc/ssh', undefined)
    expect(shell.prompt()).toBe('student@webserver:/etc/ssh$ ')
    await shell.run('cd ~/', undefined)
    await shell.run('mkdir sub && cd sub', undefined)
    expect(shell.prompt()).toBe('student@webserver:~/sub$ ')
    expect(login('root').prompt()).toBe('root@webserver:~# ')
  })

  it('root gets the sbin PATH', async () => {
    const { stdout } = await run('echo $PATH', 'root')
    expect(stdout).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n')
  })

  it('numbers history like bash and ignores space-led and repeated lines', async () => {
    const shell = login()
    const tty = recordingTty()
    for (const line of ['ls', 'ls', ' secret', 'pwd', 'history']) await shell.run(line, tty)
    expect(shell.history).toEqual(['ls', 'pwd', 'history'])
    expect(tty.output.endsWith('    1  ls\n    2  pwd\n    3  history\n')).toBe(true)
  })

  it('exit ends the login with a status and prints logout on the terminal', async () => {
    const shell = login()
    const tty = recordingTty()
    await shell.run('exit 3; echo never', tty)
    expect(shell.exited).toBe(true)
    expect(shell.exitCode).toBe(3)
    expect(tty.output).toBe('logout\n')
  })

  it('writes to the terminal when one is attached', async () => {
    const shell = login()
    const tty = recordingTty()
    const status = await shell.run('echo hi; ls /nope', tty)
    expect(tty.output).toBe("hi\nls: cannot access '/nope': No such file or directory\n")
    expect(status).toBe(2)
  })

  it('exec runs argv as another user (what sudo needs)', async () => {
    const system = makeSystem({}, {
      asroot: (ctx) => ctx.exec(ctx.argv.slice(1), { cred: { uid: 0, gid: 0, groups: [0] }, user: ctx.system.user(0) ?? ctx.user }),
    })
    const result = await run(['asroot cat /root/secret', 'asroot whoami'], 'student', system)
    expect(result.stdout).toBe('root\n')
    const secret = await run('asroot cat /root/secret', 'student', system)
    expect(secret.stdout).toBe('top\n')
    const redirect = await run('asroot echo x > /etc/x', 'student', system)
    expect(redirect.stderr).toBe('bash: /etc/x: Permission denied\n')
    const tee = await run('echo x | asroot tee /etc/x', 'student', system)
    expect(tee.stdout).toBe('x\n')
    expect(system.fs.readFile('/etc/x', { uid: 0, gid: 0, groups: [0] })).toBe('x\n')
  })

  it('stops runaway lines', async () => {
    const system = makeSystem({ '/home/student/loop': '. ~/loop\n' })
    const result = await run('. ~/loop', 'student', system)
    expect(result.stderr).toContain('maximum nesting level exceeded')
  })
})

describe('completion', () => {
  it.each([
    ['ec', 0, ['echo']],
    ['ls /etc/ho', 3, ['/etc/hostname']],
    ['cat /etc/ss', 4, ['/etc/ssh/']],
    ['cat no', 4, ['notes.txt']],
    ['echo hi | gr', 10, ['grep']],
    ['ls ~/', 3, ['~/notes.txt']],
    ['ls ~/.b', 3, ['~/.bashrc']],
  ])('%s', (line, start, candidates) => {
    const shell = login()
    expect(shell.complete(line, line.length)).toEqual({ start, candidates })
  })
})
