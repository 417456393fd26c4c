/**
 * apt and apt-get remove, purge, autoremove (auto-remove, autopurge; --purge, --autoremove, -y, -s)
 * as apt 2.6.1 and dpkg 1.21 of Debian 12 print them (test/sandbox/apt/recorded/remove.json).
 */
import { applyRemoval, planRemoval, removalFrees, type RemovalPlan } from '../../machine/apt-remove.ts'
import { dpkgName } from '../../machine/packages.ts'
import type { Server } from '../../machine/server.ts'
import type { CommandContext } from '../types.ts'
import { confirm, message, pause, readyToChange, sizeToStr, wrapList, type Flavour } from './_common.ts'
import type { Options } from './_frontend.ts'

/**
 * How apt names itself in "Use '…' to remove them.": under sudo "sudo apt autoremove", unless sudo
 * started the shell the admin types in (`sudo -i`: SUDO_COMMAND is the SHELL), as apt decides it.
 */
function autoremoveCommand(ctx: CommandContext): string {
  const { SUDO_USER, SUDO_COMMAND, SHELL } = ctx.env
  if (SUDO_USER === undefined) return 'apt autoremove'
  return SUDO_COMMAND !== undefined && SHELL !== undefined && SUDO_COMMAND === SHELL ? 'apt autoremove' : 'sudo apt autoremove'
}

function unusedNotice(ctx: CommandContext, unused: readonly string[]): void {
  if (unused.length === 0) return
  const one = unused.length === 1
  ctx.stdout.write(one ? 'The following package was automatically installed and is no longer required:\n' : 'The following packages were automatically installed and are no longer required:\n')
  ctx.stdout.write(wrapList(unused))
  ctx.stdout.write(`Use '${autoremoveCommand(ctx)}' to remove ${one ? 'it' : 'them'}.\n`)
}

export async function removal(ctx: CommandContext, server: Server, flavour: Flavour, options: Options, operation: string, names: readonly string[], root: boolean): Promise<number> {
  const colour = flavour === 'apt'
  if (!readyToChange(ctx, flavour, options.simulate, root)) return 100
  const purge = options.purge || operation === 'purge' || operation === 'autopurge'
  const autoremove = options.autoRemove || operation === 'autoremove' || operation === 'auto-remove' || operation === 'autopurge'
  const planned = planRemoval(server, names, { purge, autoremove })
  if (!planned.ok) {
    if ('missing' in planned) {
      for (const name of planned.missing) message(ctx, 'E', `Unable to locate package ${name}`, colour)
    } else {
      // Not apt's words: the practice machine does not model losing these base packages. The
      // learner reads Japanese first, English after, as every message of the course's own.
      const names = planned.unmodelled.join(', ')
      ctx.stderr.write(`練習用サーバーでは ${names} の削除は再現していません。削除を試せるのは ufw、unattended-upgrades、nano と、それらと一緒に入ったパッケージです (removing ${names} is not simulated in the practice machine; ufw, unattended-upgrades, nano and the packages they brought in can be removed).\n`)
    }
    return 100
  }
  const { plan } = planned
  for (const name of plan.notInstalled) ctx.stdout.write(`Package '${name}' is not installed, so not removed\n`)
  unusedNotice(ctx, plan.unused)
  if (plan.items.length > 0) {
    const shown = [...plan.items].sort((a, b) => (a.name < b.name ? -1 : 1)).map((item) => (item.purge ? `${item.name}*` : item.name))
    ctx.stdout.write(`The following packages will be REMOVED:\n${wrapList(shown)}`)
  }
  ctx.stdout.write(`0 upgraded, 0 newly installed, ${plan.items.length} to remove and ${plan.notUpgraded} not upgraded.\n`)
  if (plan.items.length === 0) return 0
  if (options.simulate) {
    for (const item of plan.items) ctx.stdout.write(`${item.purge ? 'Purg' : 'Remv'} ${item.name} [${item.version}]\n`)
    return 0
  }
  const frees = removalFrees(plan)
  ctx.stdout.write(frees > 0 ? `After this operation, ${sizeToStr(frees)} disk space will be freed.\n` : 'After this operation, 0 B of additional disk space will be used.\n')
  if (!options.yes && !(await confirm(ctx))) {
    ctx.stdout.write('Abort.\n')
    return 1
  }
  // apt's progress bar starts on a fresh line in a terminal; apt-get has none.
  if (flavour === 'apt' && ctx.stdout.isTty) ctx.stdout.write('\n')
  await dpkg(ctx, server, plan)
  return 0
}

/** dpkg's lines for the plan: the removals, libc-bin's trigger, then the purges. */
async function dpkg(ctx: CommandContext, server: Server, plan: RemovalPlan): Promise<void> {
  const applied = applyRemoval(server, plan)
  if (applied.removed.length > 0) ctx.stdout.write(`(Reading database ... ${applied.databaseBefore} files and directories currently installed.)\n`)
  for (const step of applied.removed) {
    ctx.stdout.write(`Removing ${dpkgName(step.item.name)} (${step.item.version}) ...\n`)
    for (const line of step.output) ctx.stdout.write(`${line}\n`)
    await pause(ctx, 120)
  }
  for (const line of applied.triggers) ctx.stdout.write(`${line}\n`)
  if (applied.purged.length > 0) ctx.stdout.write(`(Reading database ... ${applied.databaseBeforePurge} files and directories currently installed.)\n`)
  for (const step of applied.purged) {
    ctx.stdout.write(`Purging configuration files for ${dpkgName(step.item.name)} (${step.item.version}) ...\n`)
    for (const line of step.warnings) ctx.stderr.write(`${line}\n`)
    await pause(ctx, 80)
  }
  server.advance(1500 + plan.items.length * 400)
}
