/** The login shell the session drives: environment, prompt, history and the exit of `exit`. */
import { hasPermission } from '../fs/_permissions.ts'
import { isFsError } from '../fs/types.ts'
import type { Cred } from '../fs/types.ts'
import type { System, Tty, UserInfo } from '../commands/types.ts'
import { builtins } from './builtins/index.ts'
import { completeLine } from './complete.ts'
import { expandHistory } from './history-expansion.ts'
import { Interpreter } from './interpreter.ts'
import { ExitSignal } from './runtime.ts'
import { bufferOutput, discardOutput, emptyInput, ttyIo } from './streams.ts'
import type { Io } from './streams.ts'
import type { LoginShell, ShellOptions } from './types.ts'

const USER_PATH = '/usr/local/bin:/usr/bin:/bin:/usr/games'
const ROOT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

/** The user's groups from /etc/group (primary group first), read once per login. */
function credentialsOf(system: System, user: UserInfo): Cred {
  const groups = [user.gid]
  const text = system.fs.readFile('/etc/group', { uid: 0, gid: 0, groups: [0] })
  if (!isFsError(text)) {
    for (const line of text.split('\n')) {
      const [, , gid, members] = line.split(':')
      if (gid === undefined || members === undefined) continue
      if (members.split(',').includes(user.name) && !groups.includes(Number(gid))) groups.push(Number(gid))
    }
  }
  return { uid: user.uid, gid: user.gid, groups }
}

/** A login shell that can also run a line without a terminal and hand back what it printed. */
export interface CapturingShell extends LoginShell {
  /** For the checker's probes and tests: no terminal, nothing added to history. */
  runCaptured(line: string): Promise<{ status: number; stdout: string; stderr: string }>
}

export function createLoginShell(options: ShellOptions): CapturingShell {
  const { system, user } = options
  const cred = credentialsOf(system, user)
  const home = system.fs.stat(user.home, cred)
  const startDir = !isFsError(home) && home.kind === 'dir' && hasPermission(home, cred, 'x') ? user.home : '/'
  const env: Record<string, string> = {
    HOME: user.home,
    USER: user.name,
    LOGNAME: user.name,
    SHELL: '/bin/bash',
    PATH: user.uid === 0 ? ROOT_PATH : USER_PATH,
    PWD: startDir,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    SHLVL: '1',
    ...options.env,
  }
  const interpreter = new Interpreter(system, user, cred, env, startDir, [...(options.history ?? [])])
  // Debian's skeleton ~/.bashrc (and root's) turn on colour for ls in interactive shells
  interpreter.aliases.set('ls', 'ls --color=auto')
  let exited = false
  let exitCode = 0

  async function execute(line: string, io: Io): Promise<number> {
    if (exited) return exitCode
    try {
      return await interpreter.runLine(line, io)
    } catch (error) {
      if (!(error instanceof ExitSignal)) throw error
      exited = true
      exitCode = error.code
      interpreter.lastStatus = error.code
      return error.code
    }
  }

  /** HISTCONTROL=ignoreboth, as Debian's skeleton .bashrc sets it. */
  function remember(line: string): void {
    const history = interpreter.history
    if (line.trim() === '' || line.startsWith(' ') || history[history.length - 1] === line) return
    history.push(line)
  }

  return {
    system,
    user,
    get history() {
      return interpreter.history
    },
    get cwd() {
      return interpreter.cwd
    },
    get exited() {
      return exited
    },
    get exitCode() {
      return exitCode
    },
    prompt() {
      const cwd = interpreter.cwd
      const homeDir = interpreter.variable('HOME') ?? user.home
      const shown = cwd === homeDir ? '~' : homeDir !== '/' && cwd.startsWith(`${homeDir}/`) ? `~${cwd.slice(homeDir.length)}` : cwd
      return `${user.name}@${system.hostname}:${shown}${user.uid === 0 ? '#' : '$'} `
    },
    async run(typed: string, tty: Tty | undefined) {
      let line = typed
      if (tty && !exited) {
        // history expansion happens before the line is saved or parsed; bash shows the result
        const expanded = expandHistory(typed, interpreter.history)
        if ('error' in expanded) {
          tty.write(`bash: ${expanded.error}\n`)
          return interpreter.lastStatus
        }
        if (expanded.changed) {
          line = expanded.line
          tty.write(`${line}\n`)
        }
      }
      remember(line)
      const io: Io = tty ? ttyIo(tty) : { stdin: emptyInput, stdout: discardOutput, stderr: discardOutput, tty: undefined }
      interpreter.interactive = true
      try {
        return await execute(line, io)
      } finally {
        interpreter.interactive = false
      }
    },
    async runCaptured(line: string) {
      const stdout = bufferOutput()
      const stderr = bufferOutput()
      const status = await execute(line, { stdin: emptyInput, stdout, stderr, tty: undefined })
      return { status, stdout: stdout.text, stderr: stderr.text }
    },
    complete(line: string, cursor: number) {
      return completeLine(line, cursor, {
        commandNames: () => [...Object.keys(builtins), ...system.commandNames(interpreter.variable('PATH'))],
        fs: system.fs,
        cred,
        cwd: interpreter.cwd,
        home: interpreter.variable('HOME') ?? user.home,
      })
    },
  }
}
