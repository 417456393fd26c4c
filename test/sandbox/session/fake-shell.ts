/** A test double of the shell's LoginShell: a few commands that print, ask or throw. */
import type { Tty, System, UserInfo } from '../../../src/sandbox/commands/types.ts'
import type { LoginShell } from '../../../src/sandbox/shell/types.ts'

export function fakeShell(files: string[] = ['sshd_config', 'ssh_config', 'ssh/']): LoginShell & { log: string[] } {
  const history: string[] = []
  const log: string[] = []
  let exited = false
  const shell = {
    system: {} as System,
    user: { name: 'student', uid: 1000, gid: 1000, home: '/home/student', shell: '/bin/bash' } as UserInfo,
    log,
    prompt: () => 'student@webserver:~$ ',
    get history() {
      return history
    },
    cwd: '/home/student',
    get exited() {
      return exited
    },
    exitCode: 0,
    complete(line: string, cursor: number) {
      const start = line.lastIndexOf(' ', cursor - 1) + 1
      const word = line.slice(start, cursor)
      const pool = start === 0 ? ['sudo', 'sshd', 'systemctl', 'ufw'] : files
      return { start, candidates: pool.filter((name) => name.startsWith(word)) }
    },
    async run(line: string, tty: Tty | undefined): Promise<number> {
      history.push(line)
      log.push(line)
      const [name, ...args] = line.trim().split(/\s+/)
      switch (name) {
        case 'echo':
          tty?.write(`${args.join(' ')}\n`)
          return 0
        case 'printf':
          tty?.write(args.join(' '))
          return 0
        case 'sudo': {
          const password = await tty?.readLine('[sudo] password for student: ', { echo: false })
          if (password == null) return 1
          tty?.write(`ok ${password}\n`)
          return 0
        }
        case 'yn': {
          const answer = await tty?.readLine('Do you want to continue? [Y/n] ')
          if (answer == null) return 1
          tty?.write(`answer=${answer}\n`)
          return 0
        }
        case 'sleep':
          await tty?.pause(1000)
          tty?.write('woke\n')
          return 0
        case 'boom':
          throw new Error('boom')
        case 'exit':
          exited = true
          tty?.write('logout\n')
          return 0
        default:
          tty?.write(`bash: ${name}: command not found\n`)
          return 127
      }
    },
  }
  return shell
}
