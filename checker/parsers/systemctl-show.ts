/**
 * `systemctl show -p Id,LoadState,ActiveState,UnitFileState,Listen unit…` → unit states.
 * systemctl prints one block per unit, in the order asked, separated by blank lines; within a
 * block the property order is systemd's own, so properties are read by name.
 */
import type { UnitState } from '../facts.ts'
import { parsePortNumber, uniqueSorted } from './_ports.ts'

export type ShowBlock = Record<string, string[]>

export function parseSystemctlShow(text: string): ShowBlock[] {
  const blocks: ShowBlock[] = []
  let current: ShowBlock | undefined
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line)
    if (!match) {
      if (line.trim() === '' && current) {
        blocks.push(current)
        current = undefined
      }
      continue
    }
    current ??= {}
    const key = match[1] as string
    ;(current[key] ??= []).push(match[2] as string)
  }
  if (current) blocks.push(current)
  return blocks
}

/**
 * The blocks by the units asked for; undefined when the output does not line up with them: one
 * block per unit, in the order asked, and a block that names a unit (Id=) names its own.
 */
export function blocksForUnits(text: string, units: readonly string[]): Record<string, ShowBlock> | undefined {
  const blocks = parseSystemctlShow(text)
  if (blocks.length !== units.length) return undefined
  if (!units.every((unit, index) => (blocks[index]?.Id?.[0] ?? unit) === unit)) return undefined
  return Object.fromEntries(units.map((unit, index) => [unit, blocks[index] as ShowBlock]))
}

/** Each unit's state from its block; undefined when a block lacks LoadState or ActiveState. */
export function unitStatesFromBlocks(blocks: Readonly<Record<string, ShowBlock>>, units: readonly string[]): Record<string, UnitState> | undefined {
  const states: Record<string, UnitState> = {}
  for (const unit of units) {
    const block = blocks[unit]
    const state = block && unitState(block)
    if (!state) return undefined
    states[unit] = state
  }
  return states
}

/** Unit states from the whole output; undefined when it does not line up with the units asked for. */
export function unitStatesFromShow(text: string, units: readonly string[]): Record<string, UnitState> | undefined {
  const blocks = blocksForUnits(text, units)
  return blocks && unitStatesFromBlocks(blocks, units)
}

/** One unit's block → its state; undefined when LoadState or ActiveState is missing. */
function unitState(block: ShowBlock): UnitState | undefined {
  const load = block.LoadState?.[0]
  const active = block.ActiveState?.[0]
  if (load === undefined || active === undefined) return undefined
  return { load, active, enabled: block.UnitFileState?.[0] ?? '' }
}

/** `Listen=[::]:22 (Stream)` lines of a socket unit → ports. */
export function socketListenPorts(block: ShowBlock): number[] {
  const ports: number[] = []
  for (const value of block.Listen ?? []) {
    const match = /:(\d+) \(Stream\)$/.exec(value.trim()) ?? /^(\d+) \(Stream\)$/.exec(value.trim())
    const port = match ? parsePortNumber(match[1] as string) : undefined
    if (port !== undefined) ports.push(port)
  }
  return uniqueSorted(ports)
}
