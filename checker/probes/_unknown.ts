import type { UnknownFact } from '../facts.ts'
import { clip } from '../parsers/_clip.ts'
import type { RunResult } from './host.ts'

export const needsRootReason = 'needs root'
/** A part of Facts the selected checks do not read, so its probe did not run. */
export const notCheckedReason = 'not checked'

export function unknown(reason: string, text?: UnknownFact['text']): UnknownFact {
  const fact: UnknownFact = { unknown: clip(reason, 200) }
  return text ? { ...fact, text } : fact
}

export function rootRequired(what: string): UnknownFact {
  return { unknown: `${clip(what, 200)}: ${needsRootReason}`, needsRoot: true }
}

/** A timeout long enough to try next: twice this one, and at least 120 s for apt. */
export function longerTimeoutSeconds(timeoutMs: number): number {
  return Math.max(Math.ceil((2 * timeoutMs) / 1000), timeoutMs >= 30_000 ? 120 : 20)
}

/** The reason a command gave no usable answer, for a fact that becomes unknown. */
export function commandProblem(command: string, result: RunResult): UnknownFact {
  if (!result.ok) {
    if (result.reason === 'timeout') {
      const seconds = result.timeoutMs / 1000
      const next = longerTimeoutSeconds(result.timeoutMs)
      return unknown(result.message, {
        ja: `${command} が ${seconds} 秒以内に終わりませんでした。サーバーが混んでいるときは check --timeout ${next} のように延ばしてください`,
        en: `${command} did not finish within ${seconds} s. On a busy server, allow more time, for example check --timeout ${next}`,
      })
    }
    const program = command.split(' ')[0] ?? command
    if (result.reason === 'missing') {
      return unknown(result.message, { ja: `${program} コマンドが見つかりません`, en: `the ${program} command was not found` })
    }
    return unknown(result.message, { ja: `${command} を実行できませんでした`, en: `${command} could not be run` })
  }
  const firstLine = clip((result.stderr || result.stdout).trim().split('\n')[0] ?? '', 200)
  return unknown(`${command} exited with ${result.code}${firstLine ? `: ${firstLine}` : ''}`, {
    ja: `${command} が終了コード ${result.code} で失敗しました`,
    en: `${command} failed with exit code ${result.code}`,
  })
}

/** A file that could not be read (not root-only: those are rootRequired). */
export function fileProblem(path: string, message: string): UnknownFact {
  return unknown(message, { ja: `${clip(path)} を読めませんでした`, en: `${clip(path)} could not be read` })
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
