/** The learner's PC's network clients, by path. */
import type { Command } from '../types.ts'
import { curl } from './curl.ts'
import { ssh } from './ssh.ts'

export const pcPrograms: Record<string, Command> = {
  '/usr/bin/ssh': ssh,
  '/usr/bin/curl': curl,
}
