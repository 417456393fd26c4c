/** `npm run grade -- …`: the instructor's grading CLI. Everything lives in ./grading/cli. */
import { runGrade } from './grading/cli/index.ts'

runGrade(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`grade: 内部エラーです (internal error): ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
