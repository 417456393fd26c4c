export { createLoginShell } from './login.ts'
export type { CapturingShell } from './login.ts'
export type { LoginShell, ShellOptions } from './types.ts'
