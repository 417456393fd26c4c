/** Carries out one grade command. Throws nothing: every outcome is an exit code and a message. */
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { csvCell } from '../csv.ts'
import { formatExport } from '../export.ts'
import { buildMatrix } from '../matrix.ts'
import { GradingError, line, type Text } from '../messages.ts'
import { createProber, type Prober } from '../probe.ts'
import { pullStudents, type HostResult } from '../pull.ts'
import { parseRosterBytes } from '../roster.ts'
import { createGradingService } from '../service.ts'
import { openStoreIn, storePath, type ClassRecord, type GradingStore, type StudentRecord } from '../store/index.ts'
import { hashToken, newToken } from '../tokens.ts'
import { parseArgs, type Command } from './args.ts'
import { helpText } from './help.ts'

export interface GradeIo {
  stdout(text: string): void
  stderr(text: string): void
  /** the ssh program and its first arguments (tests) @default ['ssh'] */
  sshCommand?: readonly string[]
  /** the prober `pull` uses; null for none (tests) */
  prober?: Prober | null
}

export const defaultCheckerPath = fileURLToPath(new URL('../../../../dist/check.mjs', import.meta.url))

function fail(code: string, ja: string, en: string): GradingError {
  return new GradingError(code, { ja, en })
}

async function classNamed(store: GradingStore, name: string): Promise<ClassRecord> {
  const found = await store.findClass(name)
  if (!found) throw fail('no_class', `クラス「${name}」はありません (grade class list で確認)`, `no class ${JSON.stringify(name)} (see grade class list)`)
  return found
}

function tokenTable(rows: readonly { student: StudentRecord; token: string }[]): string {
  const lines = [['学籍番号', '氏名', 'トークン'], ...rows.map(({ student, token }) => [student.studentId, student.name ?? '', token])]
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n'
}

const tokenNotice: Text = {
  ja: 'トークンはこの 1 回しか表示されません。各受講者に個別に渡してください',
  en: 'tokens are shown only this once; hand each learner their own',
}

function hostLine(result: HostResult): string {
  const who = [result.student.studentId, result.student.name].filter(Boolean).join(' ')
  const seconds = (result.ms / 1000).toFixed(1)
  if (result.ok) return `✔ ${who} ${result.host}: 合格 ${result.summary.pass}/${result.summary.total} (pass ${result.summary.pass} of ${result.summary.total}) ${seconds} s\n`
  const detail = result.detail ? ` — ${result.detail}` : ''
  return `✖ ${who} ${result.host ?? '-'}: ${line(result.text)}${detail}\n`
}

async function execute(command: Exclude<Command, { name: 'help' }>, dataDir: string, io: GradeIo): Promise<number> {
  const store = openStoreIn(dataDir, { create: command.name === 'init' })
  try {
    switch (command.name) {
      case 'init': {
        if ((await store.hasInstructorToken()) && !command.force) {
          throw fail('already_initialised', `採点データはすでにあります: ${storePath(dataDir)} 講師トークンを作り直すなら --force`, `the store already exists at ${storePath(dataDir)}; --force issues a new instructor token`)
        }
        const rotated = await store.hasInstructorToken()
        const token = newToken()
        await store.setInstructorToken(hashToken(token))
        io.stderr(
          rotated
            ? `講師トークンを作り直しました。古いトークンは使えません (new instructor token; the old one no longer works): ${storePath(dataDir)}\n`
            : `採点データを作りました (store created): ${storePath(dataDir)}\n`,
        )
        io.stderr('講師トークン (instructor token):\n')
        io.stdout(`${token}\n`)
        io.stderr(`${line({ ja: 'このトークンは二度と表示されません。安全な場所に保管してください', en: 'it will not be shown again; keep it safe' })}\n`)
        return 0
      }
      case 'class-add': {
        const created = await store.addClass(command.className)
        io.stderr(`クラスを追加しました (class added): ${created.name} (id ${created.id})\n`)
        return 0
      }
      case 'class-list': {
        const classes = await store.listClasses()
        if (classes.length === 0) io.stderr('クラスはまだありません (no classes yet): grade class add NAME\n')
        for (const item of classes) io.stdout(`${item.id}\t${item.name}\t${item.students} 人 (students)\n`)
        return 0
      }
      case 'student-add': {
        const target = await classNamed(store, command.className)
        const added = await store.addStudents(target.id, [{ studentId: command.studentId, name: command.studentName, host: command.host }])
        io.stderr(`受講者を追加しました (learner added) — ${line(tokenNotice)}\n`)
        io.stdout(tokenTable(added))
        return 0
      }
      case 'student-import': {
        const target = await classNamed(store, command.className)
        let bytes: Buffer
        try {
          bytes = await readFile(command.file)
        } catch (error) {
          throw fail('unreadable', `ファイルを読めません: ${command.file}`, `cannot read ${command.file}: ${(error as NodeJS.ErrnoException).code ?? error}`)
        }
        const roster = parseRosterBytes(bytes, command.file)
        if (!roster.ok) throw new GradingError('bad_roster', roster.reason)
        const added = await store.addStudents(target.id, roster.students)
        io.stderr(`${added.length} 人を追加しました (${added.length} learners added) — ${line(tokenNotice)}\n`)
        io.stdout(tokenTable(added))
        return 0
      }
      case 'student-token': {
        const target = await classNamed(store, command.className)
        const student = await store.findStudentInClass(target.id, command.studentId)
        if (!student) throw fail('no_student', `学籍番号 ${command.studentId} はクラス「${target.name}」にいません`, `no student ${command.studentId} in ${target.name}`)
        const token = await store.rotateStudentToken(student.id)
        io.stderr(`トークンを再発行しました。古いトークンは使えません (new token; the old one no longer works) — ${line(tokenNotice)}\n`)
        io.stdout(tokenTable([{ student, token }]))
        return 0
      }
      case 'export': {
        const target = await classNamed(store, command.className)
        const [students, latest] = await Promise.all([store.listStudents(target.id), store.latestForClass(target.id)])
        const text = formatExport(buildMatrix(target, students, latest), command.format)
        if (command.output) {
          await writeFile(command.output, text, { mode: 0o600 })
          io.stderr(`書き出しました (written): ${command.output} (${students.length} 人 / learners)\n`)
        } else io.stdout(text)
        return 0
      }
      case 'pull': {
        const target = await classNamed(store, command.className)
        const checkerPath = command.checker ?? defaultCheckerPath
        if (!existsSync(checkerPath)) {
          throw fail('no_checker', `${checkerPath} がありません。先に npm run build:checker を実行してください`, `${checkerPath} is missing; run npm run build:checker first`)
        }
        let students = await store.listStudents(target.id)
        if (command.only.length > 0) {
          const unknown = command.only.filter((id) => !students.some((student) => student.studentId === id))
          if (unknown.length > 0) throw fail('no_student', `クラスにいない学籍番号: ${unknown.join(', ')}`, `not in the class: ${unknown.join(', ')}`)
          students = students.filter((student) => command.only.includes(student.studentId))
        }
        const prober = io.prober === undefined ? (command.probe ? createProber() : undefined) : (io.prober ?? undefined)
        const service = createGradingService({ store, prober, onError: (error) => io.stderr(`外部確認を保存できませんでした (could not store a probe): ${String(error)}\n`) })
        io.stderr(`${students.length} 台から回収します (pulling from ${students.length} hosts, ${command.concurrency} at a time)…\n`)
        const results = await pullStudents({
          service,
          students,
          checkerPath,
          ssh: { command: io.sshCommand ?? ['ssh'], port: command.port, user: command.user, identity: command.identity },
          timeoutMs: command.timeoutSeconds * 1000,
          concurrency: command.concurrency,
          onResult: (result) => io.stderr(hostLine(result)),
        })
        await service.idle()
        const pulled = results.filter((result) => result.ok).length
        io.stderr(`回収 ${pulled}/${results.length} (pulled ${pulled} of ${results.length})\n`)
        return pulled === results.length ? 0 : 1
      }
    }
  } finally {
    await store.close()
  }
}

/** `grade …` as a function: the exit code, with output through `io`. */
export async function runGrade(argv: readonly string[], io: GradeIo): Promise<number> {
  const parsed = parseArgs(argv)
  if (!parsed.ok) {
    io.stderr(`grade: ${line(parsed.error)}\n(grade --help で使い方を表示 / grade --help for usage)\n`)
    return 2
  }
  const { command, dataDir } = parsed.invocation
  if (command.name === 'help') {
    io.stdout(helpText)
    return 0
  }
  try {
    return await execute(command, dataDir, io)
  } catch (error) {
    if (error instanceof GradingError) {
      io.stderr(`grade: ${line(error.text)}\n`)
      return 1
    }
    io.stderr(`grade: 内部エラーです (internal error): ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}
