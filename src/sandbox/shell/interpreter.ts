/**
 * Walks the syntax tree: pipelines pass text from one command to the next, redirections open
 * files with the shell user's rights, and each command gets a CommandContext.
 */
import { strerror } from '../fs/errors.ts'
import { resolvePath } from '../fs/path.ts'
import { isFsError } from '../fs/types.ts'
import type { Cred } from '../fs/types.ts'
import { MachineSignal, type Command, type CommandContext, type Input, type Output, type System, type UserInfo } from '../commands/types.ts'
import type { AndOr, CommandNode, List, Pipeline, Redirect, SimpleCommand } from './ast.ts'
import { builtins, standaloneBuiltins } from './builtins/index.ts'
import { ExpansionError, LimitError, LineAbort } from './errors.ts'
import { expandWord, joinWord } from './expand.ts'
import type { ExpansionScope } from './expand.ts'
import { parse, ShellSyntaxError } from './parser.ts'
import { ExitSignal, LoopSignal, ReturnSignal } from './runtime.ts'
import type { Builtin, ShellFlags, ShellRuntime } from './runtime.ts'
import { bufferOutput, discardOutput, emptyInput, textInput } from './streams.ts'
import type { Io } from './streams.ts'

const MAX_COMMANDS_PER_LINE = 10_000
const MAX_DEPTH = 50

interface Variable {
  value: string
  exported: boolean
}

export class Interpreter implements ShellRuntime {
  cwd: string
  readonly history: string[]
  lastStatus = 0
  private readonly vars = new Map<string, Variable>()
  private commandsRun = 0
  private depth = 0
  private readonly pid: number
  flags: ShellFlags = { errexit: false, nounset: false, xtrace: false, pipefail: false }
  positional: string[] = []
  readonly aliases = new Map<string, string>()
  interactive = false
  loopDepth = 0
  returnDepth = 0
  private functions = new Map<string, CommandNode>()
  /** saved values of `local` variables, one frame per running function */
  private readonly localFrames: Map<string, Variable | undefined>[] = []
  /** > 0 while an if/while condition or a non-final part of && || runs: errexit is off there */
  private conditionDepth = 0

  constructor(
    readonly system: System,
    readonly user: UserInfo,
    readonly cred: Cred,
    env: Record<string, string>,
    cwd: string,
    history: string[],
  ) {
    this.cwd = cwd
    this.history = history
    for (const [name, value] of Object.entries(env)) this.vars.set(name, { value, exported: true })
    this.pid = 1000 + (user.uid % 1000) + 234
  }

  // ---- ShellRuntime ----

  variable(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.lastStatus)
      case '$':
        return String(this.pid)
      case '#':
        return String(this.positional.length)
      case '0':
        return '-bash'
      case '@':
      case '*':
        return this.positional.join(' ')
      case '!':
        return ''
      case '-':
        return `${this.flags.errexit ? 'e' : ''}him${this.flags.nounset ? 'u' : ''}${this.flags.xtrace ? 'x' : ''}BHs`
      case 'RANDOM':
        return String(Math.floor(Math.random() * 32768))
    }
    if (/^\d+$/.test(name)) return this.positional[Number(name) - 1]
    return this.vars.get(name)?.value
  }

  setVariable(name: string, value: string, exported?: boolean): void {
    const existing = this.vars.get(name)
    this.vars.set(name, { value, exported: exported ?? existing?.exported ?? false })
  }

  exportVariable(name: string): void {
    const existing = this.vars.get(name)
    if (existing) existing.exported = true
    else this.vars.set(name, { value: '', exported: true })
  }

  unsetVariable(name: string): void {
    this.vars.delete(name)
  }

  exportedVariables(): [string, string][] {
    const result: [string, string][] = []
    for (const [name, variable] of this.vars) if (variable.exported) result.push([name, variable.value])
    return result.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  }

  exit(code: number): never {
    throw new ExitSignal(code)
  }

  isBuiltin(name: string): boolean {
    return Object.hasOwn(builtins, name)
  }

  hasFunction(name: string): boolean {
    return this.functions.has(name)
  }

  unsetFunction(name: string): boolean {
    return this.functions.delete(name)
  }

  makeLocal(name: string): boolean {
    const frame = this.localFrames[this.localFrames.length - 1]
    if (!frame) return false
    if (!frame.has(name)) {
      const existing = this.vars.get(name)
      frame.set(name, existing ? { ...existing } : undefined)
    }
    return true
  }

  private aliasLookup = (name: string): string | undefined => (this.interactive ? this.aliases.get(name) : undefined)

  async runSource(text: string, origin: string, io: Io): Promise<number> {
    let list: List
    try {
      list = parse(text, this.aliasLookup)
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error
      io.stderr.write(`bash: ${origin}: ${error.message}\n`)
      return 2
    }
    this.returnDepth++
    try {
      return await this.nested(() => this.runList(list, io))
    } catch (error) {
      if (error instanceof ReturnSignal) return (this.lastStatus = error.code)
      throw error
    } finally {
      this.returnDepth--
    }
  }

  // ---- running a line ----

  /** Runs a full command line; the caller handles history and the exit signal. */
  async runLine(line: string, io: Io): Promise<number> {
    this.commandsRun = 0
    this.depth = 0
    this.conditionDepth = 0
    this.loopDepth = 0
    this.returnDepth = 0
    let list: List
    try {
      list = parse(line, this.aliasLookup)
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error
      io.stderr.write(`bash: ${error.message}\n`)
      this.lastStatus = 2
      return 2
    }
    try {
      return await this.runList(list, io)
    } catch (error) {
      if (error instanceof LoopSignal) return this.lastStatus
      if (error instanceof LineAbort) return (this.lastStatus = error.status)
      if (!(error instanceof LimitError)) throw error
      io.stderr.write(`bash: ${error.message}\n`)
      this.lastStatus = 1
      return 1
    }
  }

  private async nested<T>(work: () => Promise<T>): Promise<T> {
    if (++this.depth > MAX_DEPTH) {
      this.depth--
      throw new LimitError(`maximum nesting level exceeded (${MAX_DEPTH})`)
    }
    try {
      return await work()
    } finally {
      this.depth--
    }
  }

  private async runList(list: List, io: Io): Promise<number> {
    for (const andOr of list) await this.runAndOr(andOr, io)
    return this.lastStatus
  }

  private async runAndOr(andOr: AndOr, io: Io): Promise<number> {
    const rest = andOr.rest
    // errexit ignores every part of && || but the last
    let last = andOr.first
    let status: number
    if (rest.length > 0) this.conditionDepth++
    try {
      status = await this.runPipeline(andOr.first, io)
    } finally {
      if (rest.length > 0) this.conditionDepth--
    }
    for (let i = 0; i < rest.length; i++) {
      const { op, pipeline } = rest[i] as AndOr['rest'][number]
      if ((op === '&&') !== (status === 0)) continue
      last = pipeline
      const final = i === rest.length - 1
      if (!final) this.conditionDepth++
      try {
        status = await this.runPipeline(pipeline, io)
      } finally {
        if (!final) this.conditionDepth--
      }
    }
    const ranLast = rest.length === 0 || last === (rest[rest.length - 1] as AndOr['rest'][number]).pipeline
    if (status !== 0 && this.flags.errexit && this.conditionDepth === 0 && ranLast && !last.negated) throw new ExitSignal(status)
    return status
  }

  /** An if/while condition: errexit does not apply inside it. */
  private async runCondition(list: List, io: Io): Promise<number> {
    this.conditionDepth++
    try {
      return await this.runList(list, io)
    } finally {
      this.conditionDepth--
    }
  }

  private async runPipeline(pipeline: Pipeline, io: Io): Promise<number> {
    let stdin = io.stdin
    let status = 0
    let failed = 0
    if (pipeline.negated) this.conditionDepth++
    try {
      for (let i = 0; i < pipeline.commands.length; i++) {
        const last = i === pipeline.commands.length - 1
        const captured = last ? undefined : bufferOutput()
        const node = pipeline.commands[i] as CommandNode
        const stageIo = { ...io, stdin, stdout: captured ?? io.stdout }
        // each part of a pipeline runs in its own subshell, all but the last one in bash
        status = pipeline.commands.length > 1 ? await this.isolated(() => this.runCommand(node, stageIo)) : await this.runCommand(node, stageIo)
        if (status !== 0) failed = status
        if (captured) stdin = textInput(captured.text)
      }
    } finally {
      if (pipeline.negated) this.conditionDepth--
    }
    if (this.flags.pipefail) status = failed
    if (pipeline.negated) status = status === 0 ? 1 : 0
    this.lastStatus = status
    return status
  }

  private async runCommand(node: CommandNode, io: Io): Promise<number> {
    if (++this.commandsRun > MAX_COMMANDS_PER_LINE) throw new LimitError(`too many commands in one line (${MAX_COMMANDS_PER_LINE})`)
    if (node.kind === 'simple') return this.runSimple(node, io)
    if (node.kind === 'function') {
      this.functions.set(node.name, node.body)
      return 0
    }
    const redirected = await this.redirect(node.redirects, io)
    if (typeof redirected === 'string') return this.fail(io, redirected)
    switch (node.kind) {
      case 'subshell':
        return this.isolated(() => this.runList(node.body, redirected))
      case 'group':
        return this.runList(node.body, redirected)
      case 'if': {
        for (const branch of node.branches) {
          if ((await this.runCondition(branch.condition, redirected)) === 0) return this.runList(branch.body, redirected)
        }
        return node.otherwise ? this.runList(node.otherwise, redirected) : 0
      }
      case 'while':
      case 'until': {
        let status = 0
        for (;;) {
          const condition = await this.runCondition(node.condition, redirected)
          if ((condition === 0) !== (node.kind === 'while')) break
          const signal = await this.loopBody(node.body, redirected)
          status = this.lastStatus
          if (signal === 'break') break
        }
        return status
      }
      case 'for': {
        let items: string[]
        if (node.words === undefined) items = [...this.positional]
        else {
          items = []
          try {
            const scope = this.scope(redirected)
            for (const word of node.words) items.push(...(await expandWord(word, scope)))
          } catch (error) {
            if (!(error instanceof ExpansionError)) throw error
            return this.failExpansion(redirected, error)
          }
        }
        let status = 0
        for (const item of items) {
          this.setVariable(node.name, item)
          const signal = await this.loopBody(node.body, redirected)
          status = this.lastStatus
          if (signal === 'break') break
        }
        return status
      }
    }
  }

  /** One pass of a loop body; `break N`/`continue N` aimed further out are passed on. */
  private async loopBody(body: List, io: Io): Promise<'break' | 'continue' | undefined> {
    this.loopDepth++
    try {
      await this.runList(body, io)
      return undefined
    } catch (error) {
      if (!(error instanceof LoopSignal)) throw error
      if (error.levels > 1) {
        error.levels--
        throw error
      }
      return error.kind
    } finally {
      this.loopDepth--
    }
  }

  private async callFunction(name: string, body: CommandNode, argv: string[], io: Io): Promise<number> {
    const positional = this.positional
    const loopDepth = this.loopDepth
    const frame = new Map<string, Variable | undefined>()
    this.positional = argv.slice(1)
    this.localFrames.push(frame)
    this.returnDepth++
    this.loopDepth = 0
    try {
      return await this.nested(() => this.runCommand(body, io))
    } catch (error) {
      if (error instanceof ReturnSignal) return error.code
      throw error
    } finally {
      this.positional = positional
      this.loopDepth = loopDepth
      this.returnDepth--
      this.localFrames.pop()
      for (const [variable, saved] of frame) {
        if (saved) this.vars.set(variable, saved)
        else this.vars.delete(variable)
      }
      void name
    }
  }

  /** A subshell: changes to cwd, variables, functions and options do not outlive it; `exit` only leaves it. */
  private async isolated(work: () => Promise<number>): Promise<number> {
    const cwd = this.cwd
    const vars = new Map([...this.vars].map(([name, variable]) => [name, { ...variable }]))
    const functions = new Map(this.functions)
    const flags = { ...this.flags }
    const positional = this.positional
    const aliases = new Map(this.aliases)
    try {
      return await this.nested(work)
    } catch (error) {
      if (error instanceof ExitSignal) return error.code
      if (error instanceof ReturnSignal) return error.code
      if (error instanceof LoopSignal) return this.lastStatus
      if (error instanceof LineAbort) return error.status
      throw error
    } finally {
      this.cwd = cwd
      this.vars.clear()
      for (const [name, variable] of vars) this.vars.set(name, variable)
      this.functions = functions
      this.flags = flags
      this.positional = positional
      this.aliases.clear()
      for (const [name, value] of aliases) this.aliases.set(name, value)
    }
  }

  private failExpansion(io: Io, error: ExpansionError): number {
    const status = this.fail(io, error.message)
    if (error.fatal) throw new LineAbort(status)
    return status
  }

  private fail(io: Io, message: string): number {
    io.stderr.write(`bash: ${message}\n`)
    return 1
  }

  private scope(io: Io): ExpansionScope & { substitutionStatus: number | undefined } {
    const scope = {
      substitutionStatus: undefined as number | undefined,
      nounset: this.flags.nounset,
      positional: () => this.positional,
      variable: (name: string) => this.variable(name),
      assign: (name: string, value: string) => this.setVariable(name, value),
      home: this.variable('HOME') ?? this.user.home,
      homeOf: (name: string) => this.system.user(name)?.home,
      substitute: async (source: string) => {
        const out = bufferOutput()
        let list: List
        try {
          list = parse(source, this.aliasLookup)
        } catch (error) {
          if (!(error instanceof ShellSyntaxError)) throw error
          io.stderr.write(`bash: command substitution: line 1: ${error.message}\n`)
          scope.substitutionStatus = 2
          return ''
        }
        scope.substitutionStatus = await this.isolated(() => this.runList(list, { ...io, stdin: emptyInput, stdout: out }))
        return out.text
      },
      fs: this.system.fs,
      cwd: this.cwd,
      cred: this.cred,
    }
    return scope
  }

  private async runSimple(node: SimpleCommand, io: Io): Promise<number> {
    const scope = this.scope(io)
    const argv: string[] = []
    const assignments: [string, string][] = []
    try {
      for (const word of node.words) argv.push(...(await expandWord(word, scope)))
      for (const assignment of node.assignments) assignments.push([assignment.name, await joinWord(assignment.value, scope)])
    } catch (error) {
      if (!(error instanceof ExpansionError)) throw error
      return this.failExpansion(io, error)
    }
    const redirected = await this.redirect(node.redirects, io)
    if (typeof redirected === 'string') return this.fail(io, redirected)
    const name = argv[0]
    if (this.flags.xtrace) {
      const traced = [...assignments.map(([variable, value]) => `${variable}=${xtraceQuote(value)}`), ...argv.map(xtraceQuote)]
      if (traced.length > 0) io.stderr.write(`+ ${traced.join(' ')}\n`)
    }
    if (name === undefined) {
      for (const [variable, value] of assignments) this.setVariable(variable, value)
      return scope.substitutionStatus ?? 0
    }
    const env = this.environment()
    for (const [variable, value] of assignments) env[variable] = value
    const fn = this.functions.get(name)
    if (fn) {
      // `X=1 f`: the function sees X (exported) while it runs
      const saved = assignments.map(([variable]) => [variable, this.vars.get(variable)] as const)
      for (const [variable, value] of assignments) this.vars.set(variable, { value, exported: true })
      try {
        return await this.callFunction(name, fn, argv, redirected)
      } finally {
        for (const [variable, previous] of saved) {
          if (previous) this.vars.set(variable, previous)
          else this.vars.delete(variable)
        }
      }
    }
    const builtin = Object.hasOwn(builtins, name) ? builtins[name] : undefined
    if (builtin) return this.invoke(name, argv, builtin, this.context(argv, env, redirected, this.cred, this.user))
    const command = this.system.command(name, env.PATH)
    if (!command) {
      const missing = name.includes('/') ? 'No such file or directory' : (this.system.unsimulatedNote?.(name, env.PATH) ?? 'command not found')
      redirected.stderr.write(`bash: ${name}: ${missing}\n`)
      return 127
    }
    return this.invoke(name, argv, command, this.context(argv, env, redirected, this.cred, this.user))
  }

  private async invoke(name: string, _argv: string[], run: Builtin | Command, ctx: CommandContext): Promise<number> {
    try {
      return await (run as Builtin)(ctx, this)
    } catch (error) {
      if (error instanceof ExitSignal || error instanceof LimitError || error instanceof ReturnSignal || error instanceof LoopSignal || error instanceof LineAbort || error instanceof MachineSignal) throw error
      ctx.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`)
      return 1
    }
  }

  environment(): Record<string, string> {
    const env: Record<string, string> = {}
    for (const [name, variable] of this.vars) if (variable.exported) env[name] = variable.value
    return env
  }

  /** The context a command sees; its `exec` runs argv directly (no shell parsing) in a child context. */
  context(argv: readonly string[], env: Record<string, string>, io: Io, cred: Cred, user: UserInfo): CommandContext {
    const ctx: CommandContext = {
      argv,
      env,
      cwd: this.cwd,
      cred,
      user,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      tty: io.tty,
      system: this.system,
      exec: async (childArgv, overrides = {}) => {
        const child: CommandContext = { ...ctx, ...overrides, argv: childArgv }
        child.exec = this.context(childArgv, child.env as Record<string, string>, child, child.cred, child.user).exec
        const childName = childArgv[0]
        if (childName === undefined) return 0
        if (++this.commandsRun > MAX_COMMANDS_PER_LINE) throw new LimitError(`too many commands in one line (${MAX_COMMANDS_PER_LINE})`)
        const builtin = standaloneBuiltins.has(childName) ? builtins[childName] : undefined
        const command = builtin ?? this.system.command(childName, child.env.PATH)
        if (!command) {
          child.stderr.write(`bash: ${childName}: ${this.system.unsimulatedNote?.(childName, child.env.PATH) ?? 'command not found'}\n`)
          return 127
        }
        return this.nested(() => this.invoke(childName, [...childArgv], command, child))
      },
    }
    return ctx
  }

  // ---- redirections ----

  /** Opens every redirection in order; a string is bash's complaint (`/etc/x: Permission denied`). */
  private async redirect(redirects: readonly Redirect[], io: Io): Promise<Io | string> {
    if (redirects.length === 0) return io
    const result: Io = { ...io }
    const fds: Record<number, Output | undefined> = { 1: io.stdout, 2: io.stderr }
    for (const redirect of redirects) {
      let target: string
      try {
        target = await joinWord(redirect.target, this.scope(io))
      } catch (error) {
        if (error instanceof ExpansionError) return error.message
        throw error
      }
      switch (redirect.op) {
        case '<': {
          const input = this.openInput(target)
          if (typeof input === 'string') return input
          result.stdin = input
          break
        }
        case '<<<':
          result.stdin = textInput(`${target}\n`)
          break
        case '<<':
        case '<<-':
          try {
            result.stdin = textInput(redirect.heredoc ? await joinWord(redirect.heredoc, this.scope(io)) : '')
          } catch (error) {
            if (error instanceof ExpansionError) return error.message
            throw error
          }
          break
        case '<&':
          break
        case '>&':
          if (/^\d+$/.test(target)) {
            const source = fds[Number(target)]
            if (source === undefined) return `${target}: Bad file descriptor`
            fds[redirect.fd] = source
            break
          }
          if (target === '-') {
            fds[redirect.fd] = discardOutput
            break
          }
          {
            // `>& file` is `&> file`
            const output = this.openOutput(target, false, fds)
            if (typeof output === 'string') return output
            fds[1] = output
            fds[2] = output
          }
          break
        case '&>':
        case '&>>': {
          const output = this.openOutput(target, redirect.op === '&>>', fds)
          if (typeof output === 'string') return output
          fds[1] = output
          fds[2] = output
          break
        }
        case '>':
        case '>>': {
          const output = this.openOutput(target, redirect.op === '>>', fds)
          if (typeof output === 'string') return output
          fds[redirect.fd] = output
          break
        }
      }
    }
    result.stdout = fds[1] ?? discardOutput
    result.stderr = fds[2] ?? discardOutput
    return result
  }

  private openInput(target: string): Input | string {
    if (target === '/dev/stdin') return emptyInput
    const text = this.system.fs.readFile(resolvePath(this.cwd, target), this.cred)
    if (isFsError(text)) return `${target}: ${strerror(text.error)}`
    return textInput(text)
  }

  private openOutput(target: string, append: boolean, fds: Record<number, Output | undefined>): Output | string {
    if (target === '') return ': No such file or directory'
    if (target === '/dev/stdout') return fds[1] ?? discardOutput
    if (target === '/dev/stderr') return fds[2] ?? discardOutput
    if (target === '/dev/null') return discardOutput
    const path = resolvePath(this.cwd, target)
    const fs = this.system.fs
    const opened = fs.writeFile(path, '', this.cred, { append: true })
    if (isFsError(opened)) return `${target}: ${strerror(opened.error)}`
    if (!append) fs.writeFile(path, '', this.cred)
    const cred = this.cred
    return { isTty: false, write: (text) => void fs.writeFile(path, text, cred, { append: true }) }
  }
}

/** How `set -x` shows a word: quoted when it holds anything the shell would read specially. */
function xtraceQuote(word: string): string {
  if (word === '') return "''"
  if (!/[\s'"\\$`*?[\]{}()<>|&;#~!]/.test(word)) return word
  return `'${word.replace(/'/g, "'\\''")}'`
}
