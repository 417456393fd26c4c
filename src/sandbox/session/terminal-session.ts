/**
 * The terminal session xterm talks to: it owns the prompt's line editor, runs one command line
 * at a time through the LoginShell, and gives the running command a Tty whose readLine/readKey
 * take the keys typed since. It never throws to its caller: a failing shell or command prints
 * `bash: internal error: …` and the prompt comes back.
 */
import type { Key, Tty } from '../commands/types.ts'
import type { LoginShell } from '../shell/types.ts'
import { parseKeys } from './keys.ts'
import { LineEditor } from './line-editor.ts'
import { advanceColumn } from './width.ts'

export interface TerminalSessionOptions {
  /** The login to run; called once by start(). */
  createShell: () => LoginShell
  columns: number
  rows: number
  /** Bytes for xterm ('\r\n' newlines, ANSI sequences). */
  output: (data: string) => void
  /** A real timer in the browser, instant in tests. */
  pause: (ms: number) => Promise<void>
}

export type CommandEndListener = (line: string, exitCode: number) => void
export type ExitListener = (exitCode: number) => void

export interface TerminalSession {
  /** What xterm's onData gives. */
  input(data: string): void
  resize(columns: number, rows: number): void
  /** Creates the shell and prints the first prompt. */
  start(): void
  /** Types `command` at the prompt and presses Enter; queued while a command runs. */
  type(command: string): void
  /** Returns a function that removes the listener. */
  onCommandEnd(listener: CommandEndListener): () => void
  onExit(listener: ExitListener): () => void
  /**
   * Shows text that arrived from elsewhere (a connection the server closed): at the prompt the
   * half-typed line is kept and drawn again below it, while a command runs it is just printed.
   */
  notify(text: string): void
  /** true while a command line runs */
  readonly busy: boolean
  dispose(): void
}

type Reader =
  | { kind: 'line'; editor: LineEditor; resolve: (line: string | null) => void }
  | { kind: 'key'; resolve: (key: Key) => void }

/** One command line's view of the terminal; dead once the command has returned. */
interface Run {
  alive: boolean
  /** Ctrl+C: the program is gone as far as the user sees; its output is dropped */
  interrupted: boolean
  /** the program reads raw keys (nano): Ctrl+C is a key, not an interrupt */
  raw: boolean
}

export function createTerminalSession(options: TerminalSessionOptions): TerminalSession {
  let columns = options.columns
  let rows = options.rows
  let state: 'new' | 'prompt' | 'running' | 'exited' | 'disposed' = 'new'
  let shell: LoginShell | undefined
  let editor: LineEditor | undefined
  let reader: Reader | undefined
  let run: Run | undefined
  /** the column the next output starts at (a prompt after `printf abc` starts at 3) */
  let col = 0
  let savedCol = 0
  const keys: Key[] = []
  const typed: string[] = []
  const commandEnd = new Set<CommandEndListener>()
  const exit = new Set<ExitListener>()

  function out(data: string): void {
    if (state === 'disposed' || !data) return
    if (data.includes('\x1b[?1049h')) savedCol = col
    col = data.includes('\x1b[?1049l') ? savedCol : advanceColumn(col, data, columns)
    try {
      options.output(data)
    } catch {
      // A broken terminal must not take the machine down.
    }
  }

  function internalError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error)
    out(`${col > 0 ? '\r\n' : ''}bash: internal error: ${message}\r\n`)
  }

  function showPrompt(): void {
    if (!shell) return
    state = 'prompt'
    let prompt = '$ '
    try {
      prompt = shell.prompt()
    } catch (error) {
      internalError(error)
    }
    const login = shell
    editor = new LineEditor(out, {
      prompt,
      startCol: col,
      columns,
      history: [...login.history],
      complete: (line, cursor) => {
        try {
          return login.complete(line, cursor)
        } catch {
          return { start: cursor, candidates: [] }
        }
      },
    })
    editor.start()
    const next = typed.shift()
    if (next !== undefined) keys.unshift(...commandKeys(next))
  }

  function makeTty(current: Run): Tty {
    return {
      get columns() {
        return columns
      },
      get rows() {
        return rows
      },
      write(text) {
        if (current.alive && !current.interrupted) out(text.replace(/\r?\n/g, '\r\n'))
      },
      readLine(prompt, readOptions) {
        if (!current.alive || current.interrupted || state === 'disposed') return Promise.resolve(null)
        current.raw = false
        out(prompt.replace(/\r?\n/g, '\r\n'))
        const lineEditor = new LineEditor(out, { prompt: '', startCol: col, columns, echo: readOptions?.echo !== false })
        lineEditor.start()
        return new Promise((resolve) => {
          reader = { kind: 'line', editor: lineEditor, resolve }
          drain()
        })
      },
      readKey() {
        if (!current.alive || current.interrupted || state === 'disposed') return Promise.resolve({ kind: 'eof' })
        current.raw = true
        return new Promise((resolve) => {
          reader = { kind: 'key', resolve }
          drain()
        })
      },
      pause(ms) {
        if (!current.alive || current.interrupted || state === 'disposed') return Promise.resolve()
        return options.pause(ms).catch(() => undefined)
      },
    }
  }

  async function execute(line: string): Promise<void> {
    const login = shell
    if (!login) return
    state = 'running'
    editor = undefined
    const current: Run = { alive: true, interrupted: false, raw: false }
    run = current
    let code = 1
    try {
      code = await login.run(line, makeTty(current))
    } catch (error) {
      internalError(error)
    }
    current.alive = false
    run = undefined
    reader = undefined
    // The session may have been disposed while the command ran.
    if ((state as string) === 'disposed') return
    if (current.interrupted && col > 0) out('\r\n')
    if (line.trim() !== '') {
      for (const listener of [...commandEnd]) {
        try {
          listener(line, code)
        } catch {
          // A listener's failure is the page's problem, not the terminal's.
        }
      }
    }
    if (login.exited) {
      finish(login.exitCode)
      return
    }
    showPrompt()
    drain()
  }

  function finish(code: number): void {
    state = 'exited'
    editor = undefined
    for (const listener of [...exit]) {
      try {
        listener(code)
      } catch {
        // see above
      }
    }
  }

  function interrupt(current: Run): void {
    out('^C')
    current.interrupted = true
  }

  /** Hands queued keys to whoever reads them now: the prompt, a command, or nobody yet. */
  function drain(): void {
    while (keys.length > 0) {
      if (state === 'prompt' && editor) {
        const key = keys.shift() as Key
        const result = editor.handle(key)
        if (!result.done) continue
        if (result.reason === 'enter') {
          // bash does nothing for a blank line but prompt again.
          if (result.line.trim() === '') showPrompt()
          else void execute(result.line)
        } else if (result.reason === 'interrupt') {
          showPrompt()
        } else {
          // Ctrl+D on an empty line: bash logs out as `exit` would.
          void execute('exit').then(() => {
            if (state === 'prompt') finish(shell?.exitCode ?? 0)
          })
        }
        continue
      }
      if (state !== 'running' || !run) return
      const current = run
      if (reader?.kind === 'key') {
        const { resolve } = reader
        reader = undefined
        resolve(keys.shift() as Key)
        continue
      }
      if (reader?.kind === 'line') {
        const active = reader
        const result = active.editor.handle(keys.shift() as Key)
        if (!result.done) continue
        reader = undefined
        if (result.reason === 'enter') active.resolve(result.line)
        else {
          if (result.reason === 'interrupt') current.interrupted = true
          active.resolve(null)
        }
        continue
      }
      // Nobody reads: keep typed-ahead keys, but Ctrl+C interrupts (and flushes them, as a tty does).
      const ctrlC = current.raw ? -1 : keys.findIndex((key) => key.kind === 'ctrl' && key.key === 'c')
      if (ctrlC < 0) return
      keys.splice(0, ctrlC + 1)
      interrupt(current)
    }
  }

  return {
    input(data) {
      if (state === 'exited' || state === 'disposed') return
      keys.push(...parseKeys(data))
      drain()
    },
    resize(newColumns, newRows) {
      columns = Math.max(2, newColumns)
      rows = Math.max(1, newRows)
      editor?.resize(columns)
      if (reader?.kind === 'line') reader.editor.resize(columns)
      if (reader?.kind === 'key') {
        const { resolve } = reader
        reader = undefined
        resolve({ kind: 'resize' })
      } else if (run?.raw) keys.unshift({ kind: 'resize' })
    },
    notify(text) {
      if (!text || state === 'disposed' || state === 'exited' || state === 'new') return
      const body = text.replace(/\r?\n/g, '\r\n')
      if (state !== 'prompt' || !editor) {
        out(`${col > 0 ? '\r\n' : ''}${body}`)
        return
      }
      const draft = editor.line
      out(`\r\n${body}`)
      showPrompt()
      if (draft) editor?.setLine(draft)
    },
    start() {
      if (state !== 'new') return
      try {
        shell = options.createShell()
      } catch (error) {
        internalError(error)
        finish(1)
        return
      }
      showPrompt()
      drain()
    },
    type(command) {
      if (state === 'prompt' && editor) {
        editor.setLine('')
        keys.push(...commandKeys(command))
        drain()
      } else if (state === 'running' || state === 'new' || state === 'prompt') typed.push(command)
    },
    onCommandEnd(listener) {
      commandEnd.add(listener)
      return () => commandEnd.delete(listener)
    },
    onExit(listener) {
      exit.add(listener)
      return () => exit.delete(listener)
    },
    get busy() {
      return state === 'running'
    },
    dispose() {
      const waiting = reader
      state = 'disposed'
      reader = undefined
      keys.length = 0
      commandEnd.clear()
      exit.clear()
      if (waiting?.kind === 'line') waiting.resolve(null)
      if (waiting?.kind === 'key') waiting.resolve({ kind: 'eof' })
    },
  }
}

/** A command typed by the page: its text as one paste, then Enter (each line of it). */
function commandKeys(command: string): Key[] {
  const keys: Key[] = []
  for (const line of command.split('\n')) {
    if (line) keys.push({ kind: 'text', text: line })
    keys.push({ kind: 'enter' })
  }
  return keys
}
