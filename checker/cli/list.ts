/** `check --list`: every check id with its group and title, in columns, one check a line. */
import { catalogFor, type CatalogSettings } from '../catalog.ts'
import { checkGroups, type Lang } from '../report/schema.ts'

export function listText(settings: CatalogSettings, lang: Lang): string {
  // In the reports' order: the lockout guard first, then the lessons' steps.
  const entries = [...catalogFor(settings)].sort((a, b) => checkGroups.indexOf(a.group) - checkGroups.indexOf(b.group))
  const idWidth = Math.max(...entries.map((entry) => entry.id.length))
  const groupWidth = Math.max(...entries.map((entry) => entry.group.length))
  return entries.map((entry) => `${entry.id.padEnd(idWidth)}  ${entry.group.padEnd(groupWidth)}  ${entry.title[lang]}\n`).join('')
}
