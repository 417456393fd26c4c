import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LessonError, checkCourse, parseLesson, type Lesson } from '../../../src/shared/lesson/index.ts'

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/lesson-valid/${name}`, import.meta.url), 'utf8')
const sample = () => parseLesson(fixture('01-sample.md'), { file: 'lessons/01-sample.md', knownChecks: new Set(['ssh.port-configured', 'ssh.config-valid', 'ssh.port-listening', 'ssh.port-applied']) })

describe('parseLesson', () => {
  it('reads a steps lesson: intro, steps, checks, commands and solve apart from the text', () => {
    expect(sample()).toMatchInlineSnapshot(`
      {
        "file": "lessons/01-sample.md",
        "glossary": [],
        "intro": "導入の文章です。

      \`\`\`sh
      cat /etc/services
      \`\`\`",
        "introCommands": [
          "cat /etc/services",
        ],
        "kind": "steps",
        "order": 1,
        "slug": "sample",
        "steps": [
          {
            "body": "設定ファイルを開きます。

      \`\`\`sh
      sudo nano /etc/ssh/sshd_config
      sudo sshd -t
      \`\`\`

      \`\`\`text
      Port 54723
      \`\`\`

      ::: caution 注意
      \`#Port\` のままでは無視されます。
      :::",
            "checks": [
              "ssh.port-configured",
              "ssh.config-valid",
            ],
            "commands": [
              "sudo nano /etc/ssh/sshd_config",
              "sudo sshd -t",
            ],
            "id": "edit-port",
            "line": 12,
            "solve": "sed -i -E 's/^#?Port .*/Port 54723/' /etc/ssh/sshd_config
      sshd -t",
            "title": "ポートを変える",
          },
          {
            "body": "",
            "checks": [
              "ssh.port-listening",
              "ssh.port-applied",
            ],
            "commands": [],
            "id": "reload-sshd",
            "line": 38,
            "solve": "systemctl reload ssh",
            "title": "反映する",
          },
        ],
        "summary": "パーサのテスト用のレッスンです。",
        "title": "サンプル",
      }
    `)
  })

  it('reads a glossary: groups, their intros and terms with either colon', () => {
    const lesson = parseLesson(fixture('02-words.md'), { file: 'lessons/02-words.md' })
    expect(lesson.steps).toEqual([])
    expect(lesson.intro).toBe('調べてみましょう。')
    expect(lesson.glossary).toMatchInlineSnapshot(`
      [
        {
          "intro": "三つの性質です。",
          "terms": [
            {
              "description": "許された人だけが見られること。",
              "line": 13,
              "term": "機密性 (Confidentiality)",
            },
            {
              "description": "正しく、改ざんされていないこと。
      二行目も説明です。",
              "line": 14,
              "term": "完全性 (Integrity)",
            },
          ],
          "title": "情報セキュリティの3要素",
        },
        {
          "intro": "",
          "terms": [
            {
              "description": "わざと攻撃させる「おとり」。",
              "line": 19,
              "term": "ハニーポット",
            },
          ],
          "title": "その他",
        },
      ]
    `)
  })

  it('accepts Windows line endings with the same lines', () => {
    const crlf = parseLesson(fixture('01-sample.md').replace(/\n/g, '\r\n'), { file: 'lessons/01-sample.md' })
    expect(crlf.steps.map((s) => s.line)).toEqual(sample().steps.map((s) => s.line))
  })
})

describe('checkCourse', () => {
  const renamed = (lesson: Lesson, file: string, order: number, slug: string): Lesson => ({ ...lesson, file, order, slug })

  it('orders lessons by number', () => {
    const a = sample()
    const b = { ...renamed(a, 'lessons/00-first.md', 0, 'first'), steps: [] }
    expect(checkCourse([a, b]).map((l) => l.slug)).toEqual(['first', 'sample'])
  })

  it.each([
    ['a step id used in two lessons', (l: Lesson) => renamed(l, 'lessons/02-copy.md', 2, 'copy'), 'lessons/02-copy.md:12: ', 'duplicate step id "edit-port" (first at lessons/01-sample.md:12)'],
    ['two lessons with one number', (l: Lesson) => ({ ...renamed(l, 'lessons/01-other.md', 1, 'other'), steps: [] }), 'lessons/01-other.md:1: ', 'lesson number 1 is also used by lessons/01-sample.md'],
  ])('rejects %s', (_name, copy, where, message) => {
    const lesson = sample()
    const error = (() => {
      try {
        checkCourse([lesson, copy(lesson)])
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(LessonError)
    expect((error as LessonError).message.startsWith(where)).toBe(true)
    expect((error as LessonError).en).toBe(message)
  })
})
