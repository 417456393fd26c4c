export { parseArgs, type Command, type Invocation } from './args.ts'
export { defaultCheckerPath, runGrade, type GradeIo } from './run.ts'
