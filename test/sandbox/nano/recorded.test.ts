/**
 * Replays each recording of the real nano 7.2 (recorded/README.md) on the practice machine's
 * nano: the same keys, one press at a time, in a terminal of the same size, then the same
 * screen (text, reverse video and spotlight, cursor) and the same files on disk.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { nano } from '../../../src/sandbox/commands/nano/index.ts'
import { context, screenTty, tinyFs } from './helpers.ts'
import type { Recording } from './record-screens.ts'

const { files, recordings } = JSON.parse(readFileSync(new URL('./recorded/screens.json', import.meta.url), 'utf8')) as {
  files: Record<string, string>
  recordings: Recording[]
}

describe('nano: screens recorded from the real nano 7.2', () => {
  it.each(recordings.map((recording) => [recording.name, recording] as const))('%s', async (_name, recording) => {
    const fs = tinyFs(Object.fromEntries(Object.entries(files).map(([path, content]) => [path, { content, mode: 0o644, uid: 0, gid: 0 }])))
    const screen = screenTty(recording.keys, recording.columns, recording.rows)
    let seen: Pick<Recording, 'screen' | 'marks' | 'cursor'> | undefined
    // Look at the screen when the keys run out, before nano leaves the alternate screen.
    const readKey = screen.tty.readKey
    screen.tty.readKey = async () => {
      const key = await readKey()
      if (key.kind === 'eof' && !seen) {
        const rows = Array.from({ length: recording.rows }, (_, i) => i + 1)
        seen = { screen: rows.map(screen.line), marks: rows.map(screen.marks), cursor: screen.cursor() }
      }
      return key
    }
    await nano(context(fs, ['nano', recording.file], screen.tty))
    expect(seen).toEqual({ screen: recording.screen, marks: recording.marks, cursor: recording.cursor })
    const changed = Object.fromEntries(Object.entries(fs.files).flatMap(([path, node]) => (node.content === files[path] ? [] : [[path, node.content]])))
    expect(changed).toEqual(recording.files)
  })
})
