/** apt, dpkg and their helpers, by the path Debian 12 installs them at. */
import type { Command } from '../types.ts'
import { apt } from './apt.ts'
import { aptCache } from './apt-cache.ts'
import { aptConfig } from './apt-config.ts'
import { aptGet } from './apt-get.ts'
import { dpkg } from './dpkg.ts'
import { dpkgQuery } from './dpkg-query.ts'
import { dpkgReconfigure } from './dpkg-reconfigure.ts'
import { unattendedUpgrade } from './unattended-upgrade.ts'

export const aptPrograms: Record<string, Command> = {
  '/usr/bin/apt': apt,
  '/usr/bin/apt-get': aptGet,
  '/usr/bin/apt-cache': aptCache,
  '/usr/bin/apt-config': aptConfig,
  '/usr/bin/dpkg': dpkg,
  '/usr/bin/dpkg-query': dpkgQuery,
  '/usr/sbin/dpkg-reconfigure': dpkgReconfigure,
  '/usr/bin/unattended-upgrade': unattendedUpgrade,
}
