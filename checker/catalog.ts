/**
 * The check catalogue: every check's id, lesson group, titles, hints and fix commands.
 * Data only. Lessons name these ids; the rules (checker/rules/) decide each one's status and may
 * refine the hint or fix for the situation they find (for example socket activation).
 */
import { course } from '../src/shared/course.ts'

export const checkIds = [
  'updates.lists-fresh',
  'updates.applied',
  'updates.reboot',
  'autoupdate.installed',
  'autoupdate.running',
  'autoupdate.enabled',
  'autoupdate.periodic',
  'ssh.config-valid',
  'ssh.port-configured',
  'ssh.port-listening',
  'ssh.port-applied',
  'ssh.port22-closed',
  'firewall.installed',
  'firewall.active',
  'firewall.default-deny',
  'firewall.allow-ssh',
  'firewall.allow-http',
  'firewall.extra-ports',
  'guard.lockout',
] as const

export type CheckId = (typeof checkIds)[number]
export type CheckGroup = 'updates' | 'autoupdate' | 'ssh' | 'firewall' | 'guard'

export interface CatalogEntry {
  id: CheckId
  group: CheckGroup
  title: { ja: string; en: string }
  hint: { ja: string; en: string }
  fix: readonly string[]
}

/** The ports and limits the texts mention; `--ssh-port` and friends produce other values. */
export interface CatalogSettings {
  sshPort: number
  httpPort: number
  defaultSshPort: number
  listsMaxAgeDays: number
}

type Entries = Record<CheckId, Omit<CatalogEntry, 'id'>>

function entriesFor(settings: CatalogSettings): Entries {
  const { sshPort: ssh, httpPort: http, defaultSshPort: oldSsh, listsMaxAgeDays: maxAge } = settings
  // `--ssh-port 22`: the course port is the old one; no text may tell the learner to remove it.
  const same = ssh === oldSsh
  const periodicTitle = { ja: '自動更新が定期実行に設定されている', en: 'Automatic updates are scheduled' }
  return {
    'updates.lists-fresh': {
      group: 'updates',
      title: {
        ja: `パッケージ一覧が ${maxAge} 日以内に更新されている`,
        en: `Package lists refreshed within ${maxAge} days`,
      },
      hint: {
        ja: '`sudo apt update` でパッケージ一覧を取り直してください。「Could not get lock … (unattended-upgr)」と出たら、自動更新が動いている最中です。ロックファイルを消したり電源を切ったりせず、終わるまで待ってからやり直してください。',
        en: 'Refresh the package lists with `sudo apt update`. If it says "Could not get lock … (unattended-upgr)", automatic updates are running: wait for them to finish; never delete lock files or power off.',
      },
      fix: ['sudo apt update'],
    },
    'updates.applied': {
      group: 'updates',
      title: {
        ja: '更新できるパッケージがすべて適用されている',
        en: 'All available package updates are applied',
      },
      hint: {
        ja: '`sudo apt upgrade -y` で更新を適用してください(初回は時間がかかります)。「保留 (kept back)」のパッケージは新しい依存パッケージが必要なもので、エラーではありません。`sudo apt full-upgrade` で入ります。段階的配信 (phasing) のものは数日以内に自然に届きます。Ubuntu 22.04 で「Which services should be restarted?」という画面が出たら、そのまま OK で進めてかまいません。',
        en: 'Apply the updates with `sudo apt upgrade -y` (the first run takes a while). "Kept back" packages need new dependencies and are not an error: `sudo apt full-upgrade` installs them. Phased updates arrive by themselves within days. On Ubuntu 22.04, the "Which services should be restarted?" screen can be accepted with OK.',
      },
      fix: ['sudo apt update', 'sudo apt upgrade -y'],
    },
    'updates.reboot': {
      group: 'updates',
      title: {
        ja: '再起動が必要な更新が残っていない',
        en: 'No reboot pending after updates',
      },
      hint: {
        ja: 'カーネルなどの更新を反映するには再起動が必要です(/run/reboot-required.pkgs に理由が書かれています)。自動更新は設定しない限り再起動しません。Debian 12 はログイン時に「System restart required」を表示しないので、`ls /var/run/reboot-required` で確かめます。.pkgs が無いのは再起動が不要なときのふつうの状態です。都合のよいときに再起動してください。SSH のポートを変えている途中なら、新しいポートで接続できることを確かめてからにしましょう。',
        en: 'Some updates (such as the kernel) take effect only after a reboot; /run/reboot-required.pkgs says which. Automatic updates do not reboot unless configured to. Debian 12 shows no "System restart required" at login: check with `ls /var/run/reboot-required`; a missing .pkgs file is normal when no reboot is needed. Reboot when convenient — if you are moving SSH, first confirm you can log in on the new port.',
      },
      fix: ['ls /var/run/reboot-required', 'cat /var/run/reboot-required.pkgs', 'sudo reboot'],
    },
    'autoupdate.installed': {
      group: 'autoupdate',
      title: {
        ja: 'unattended-upgrades がインストールされている',
        en: 'unattended-upgrades is installed',
      },
      hint: {
        ja: '自動更新のしくみ unattended-upgrades をインストールしてください。直後に apt がロック待ちになったら、自動更新の処理が終わるまで待ちます。',
        en: 'Install unattended-upgrades, the automatic update tool. If apt then waits for a lock, let the running update finish.',
      },
      fix: ['sudo apt install -y unattended-upgrades'],
    },
    'autoupdate.running': {
      group: 'autoupdate',
      title: {
        ja: 'unattended-upgrades サービスが起動している',
        en: 'unattended-upgrades service is running',
      },
      hint: {
        ja: `サービスを起動してください。ただし、このサービスが active でも自動更新が動く証明にはなりません(シャットダウン時の後始末役です)。実際の予定は apt-daily.timer と apt-daily-upgrade.timer が決めます(「${periodicTitle.ja}」の項目を確認)。`,
        en: `Start the service. Note that an active unattended-upgrades.service proves nothing by itself (it is a shutdown helper); the schedule is apt-daily.timer and apt-daily-upgrade.timer: see the check "${periodicTitle.en}".`,
      },
      fix: ['sudo systemctl start unattended-upgrades'],
    },
    'autoupdate.enabled': {
      group: 'autoupdate',
      title: {
        ja: 'unattended-upgrades サービスが起動時に有効になっている',
        en: 'unattended-upgrades service is enabled at boot',
      },
      hint: {
        ja: '`systemctl enable` で、再起動後もサービスが起動するようにしてください。',
        en: 'Enable the service with `systemctl enable` so it starts again after a reboot.',
      },
      fix: ['sudo systemctl enable unattended-upgrades'],
    },
    'autoupdate.periodic': {
      group: 'autoupdate',
      title: periodicTitle,
      hint: {
        ja: 'パッケージが入っていても、/etc/apt/apt.conf.d/20auto-upgrades がないか値が "0" だと何も実行されません。下のコマンドで 2 つの値を "1"(「1 日ごと」の意味)にして書き込みます。`sudo dpkg-reconfigure -plow unattended-upgrades` は、自分で編集・削除したこのファイルを書き換えないことがあります。予定は `systemctl list-timers \'apt-daily*\'`、記録は /var/log/unattended-upgrades/ で確認できます。',
        en: 'With 20auto-upgrades missing or set to "0", nothing ever runs even though the package is installed. The command below writes both values as "1" (every day). `sudo dpkg-reconfigure -plow unattended-upgrades` may leave a file you edited or deleted as it is. See the schedule with `systemctl list-timers \'apt-daily*\'` and the log in /var/log/unattended-upgrades/.',
      },
      fix: [
        `printf '%s\\n' 'APT::Periodic::Update-Package-Lists "1";' 'APT::Periodic::Unattended-Upgrade "1";' | sudo tee /etc/apt/apt.conf.d/20auto-upgrades`,
        'sudo systemctl enable --now apt-daily.timer apt-daily-upgrade.timer',
      ],
    },
    'ssh.config-valid': {
      group: 'ssh',
      title: {
        ja: 'sshd の設定ファイルに誤りがない',
        en: 'sshd configuration is valid',
      },
      hint: {
        ja: '`sudo sshd -t` が何も出力しなければ正しい設定です。「line 14: Badly formatted port number.」のように行番号が出たら、その行を直してください。「Missing privilege separation directory: /run/sshd」と出たら `sudo mkdir -p /run/sshd` を実行します。誤った設定のまま再起動すると SSH に入れなくなります。',
        en: '`sudo sshd -t` prints nothing when the configuration is valid. If it names a line (e.g. "line 14: Badly formatted port number."), fix that line. For "Missing privilege separation directory: /run/sshd" run `sudo mkdir -p /run/sshd`. Restarting with a broken configuration can lock you out.',
      },
      fix: ['sudo sshd -t', 'sudo nano /etc/ssh/sshd_config'],
    },
    'ssh.port-configured': {
      group: 'ssh',
      title: {
        ja: `sshd の設定にポート ${ssh} が入っている`,
        en: `sshd is configured for port ${ssh}`,
      },
      hint: {
        ja: `/etc/ssh/sshd_config に「Port ${ssh}」の行を書いてください。先頭に # が残った「#Port」の行は無視されます。${same ? '' : `移行中は「Port ${oldSsh}」と「Port ${ssh}」の 2 行を並べておくと安全です。`}/etc/ssh/sshd_config.d/ の中のファイルが先に読まれ、そちらの Port が優先される点にも注意してください。`,
        en: `Add a line "Port ${ssh}" to /etc/ssh/sshd_config. A line still starting with # ("#Port") is ignored. ${same ? '' : `While migrating, keep both "Port ${oldSsh}" and "Port ${ssh}". `}Files in /etc/ssh/sshd_config.d/ are read first and their Port wins.`,
      },
      fix: [
        'sudo nano /etc/ssh/sshd_config',
        `sudo sed -i 's/^#\\?Port .*/Port ${ssh}/' /etc/ssh/sshd_config`,
        'sudo sshd -t',
      ],
    },
    'ssh.port-listening': {
      group: 'ssh',
      title: {
        ja: `ポート ${ssh} で SSH が待ち受けている`,
        en: `SSH is listening on port ${ssh}`,
      },
      hint: {
        ja: `設定を変えただけでは反映されません。\`sudo sshd -t\` で確認してから \`sudo systemctl reload ssh\` で読み込ませてください。Ubuntu 22.10 以降(ソケット起動)では \`sudo systemctl daemon-reload\` のあと \`sudo systemctl restart ssh.socket\` が必要です。今のセッションは閉じずに、別のターミナルから \`ssh -p ${ssh} ユーザー名@ホスト\` で試してください(scp では大文字の \`-P ${ssh}\`)。「Connection refused」は誰も待ち受けていない、「Connection timed out」は途中(クラウドのファイアウォールなど)で遮断されている、という意味です。`,
        en: `Changing the file is not enough: check it with \`sudo sshd -t\`, then run \`sudo systemctl reload ssh\`. On Ubuntu 22.10+ (socket activation) run \`sudo systemctl daemon-reload\` and \`sudo systemctl restart ssh.socket\`. Keep this session open and try \`ssh -p ${ssh} user@host\` from a second terminal (scp takes a capital \`-P ${ssh}\`). "Connection refused" means nothing listens; "Connection timed out" means something on the way (such as a cloud firewall) drops it.`,
      },
      fix: ['sudo sshd -t', 'sudo systemctl reload ssh'],
    },
    'ssh.port-applied': {
      group: 'ssh',
      title: {
        ja: '設定したポートと実際に待ち受けているポートが一致している',
        en: 'Configured and listening SSH ports agree',
      },
      hint: {
        ja: '設定ファイルを変更したあと、まだ sshd に反映されていません。`sudo systemctl reload ssh` で反映してください。Ubuntu 22.10 以降(ソケット起動)では reload では動かないので、`sudo systemctl daemon-reload` と `sudo systemctl restart ssh.socket` を使います。ソケット起動かどうかは `systemctl is-enabled ssh.socket` で分かります(enabled ならソケット起動)。Ubuntu 24.04 で「Unit sshd.service not found」と出たら、サービス名は sshd ではなく ssh です。',
        en: 'The configuration changed but sshd has not picked it up. Apply it with `sudo systemctl reload ssh`. Under socket activation (Ubuntu 22.10+) reload does not move the port: use `sudo systemctl daemon-reload` and `sudo systemctl restart ssh.socket`; `systemctl is-enabled ssh.socket` says enabled under socket activation. If Ubuntu 24.04 says "Unit sshd.service not found", the service is called ssh, not sshd.',
      },
      fix: ['sudo sshd -t', 'sudo systemctl reload ssh'],
    },
    'ssh.port22-closed': {
      group: 'ssh',
      title: {
        ja: `ポート ${oldSsh} で SSH が待ち受けていない`,
        en: `SSH no longer listens on port ${oldSsh}`,
      },
      hint: same
        ? {
            ja: `講座のポートが ${oldSsh} そのものなので、${oldSsh} 番は閉じません(閉じると SSH に入れなくなります)。`,
            en: `The course port is ${oldSsh} itself, so ${oldSsh} stays open (closing it would lock you out).`,
          }
        : {
            ja: `移行中はポート ${oldSsh} を残しておくのが正解です。別のターミナルから \`ssh -p ${ssh}\` で入れることを確かめてから、sshd_config の「Port ${oldSsh}」の行を消し、\`sudo sshd -t\` で確かめてから、もう一度読み込ませ(\`sudo systemctl reload ssh\`、ソケット起動では \`sudo systemctl daemon-reload\` と \`sudo systemctl restart ssh.socket\`)、ufw の ${oldSsh} 番の許可も \`sudo ufw status numbered\` と \`sudo ufw delete 番号\` で消してください。`,
            en: `Keeping port ${oldSsh} during the migration is right. Once \`ssh -p ${ssh}\` works from a second terminal, remove the "Port ${oldSsh}" line, check with \`sudo sshd -t\`, load it again (\`sudo systemctl reload ssh\`; under socket activation \`sudo systemctl daemon-reload\` and \`sudo systemctl restart ssh.socket\`), and delete ufw's ${oldSsh} rule with \`sudo ufw status numbered\` and \`sudo ufw delete N\`.`,
          },
      fix: same ? ['sudo ss -tlnp'] : [`sudo sed -i '/^Port ${oldSsh}$/d' /etc/ssh/sshd_config`, 'sudo sshd -t', 'sudo systemctl reload ssh'],
    },
    'firewall.installed': {
      group: 'firewall',
      title: {
        ja: 'ufw がインストールされている',
        en: 'ufw is installed',
      },
      hint: {
        ja: 'ファイアウォールを設定するツール ufw をインストールしてください。',
        en: 'Install ufw, the firewall front end used in this course.',
      },
      fix: ['sudo apt install -y ufw'],
    },
    'firewall.active': {
      group: 'firewall',
      title: {
        ja: 'ufw が有効になっている',
        en: 'ufw is active',
      },
      hint: {
        ja: `\`sudo systemctl enable ufw\` は \`sudo ufw enable\` とは別物です(ufw.service が active (exited) でも \`sudo ufw status\` は inactive のままです)。必ず先に \`sudo ufw allow ${ssh}/tcp\` で SSH を許可し、\`sudo ufw show added\` で確かめてから \`sudo ufw enable\` を実行してください。`,
        en: `\`sudo systemctl enable ufw\` is not \`sudo ufw enable\`: ufw.service shows active (exited) while \`sudo ufw status\` says inactive. First allow SSH with \`sudo ufw allow ${ssh}/tcp\`, check with \`sudo ufw show added\`, then run \`sudo ufw enable\`.`,
      },
      fix: [`sudo ufw allow ${ssh}/tcp`, 'sudo ufw show added', 'sudo ufw enable'],
    },
    'firewall.default-deny': {
      group: 'firewall',
      title: {
        ja: '外からの通信が初期設定で拒否される',
        en: 'Incoming traffic is denied by default',
      },
      hint: {
        ja: '許可していない通信をすべて止めるのがファイアウォールの基本です。既定の受信ポリシーを deny にしてください。',
        en: 'A firewall passes only what you allowed: set the default incoming policy to deny.',
      },
      fix: ['sudo ufw default deny incoming'],
    },
    'firewall.allow-ssh': {
      group: 'firewall',
      title: {
        ja: `ファイアウォールが SSH (${ssh}/tcp) を許可している`,
        en: `Firewall allows SSH (${ssh}/tcp)`,
      },
      hint: {
        ja: `${same ? '' : `\`sudo ufw allow ssh\` や \`sudo ufw allow OpenSSH\` で開くのは ${oldSsh} 番で、${ssh} 番ではありません。ポート番号で許可してください。`}\`sudo ufw allow ${ssh}\` は tcp と udp の両方を開くので、\`${ssh}/tcp\` のほうが必要最小限です。IPv6 も使う場合は /etc/default/ufw が IPV6=yes になっているか確認してください。\`ufw limit\` も許可に数えますが、30 秒に 6 回を超える接続(scp の連続実行など)は拒否されます。クラウドのファイアウォール(セキュリティグループなど)がある場合は、そちらでも ${ssh} 番 (IPv4 と IPv6 の両方) を許可してください。`,
        en: `${same ? '' : `\`sudo ufw allow ssh\` and \`sudo ufw allow OpenSSH\` open ${oldSsh}, not ${ssh}: allow the port number. `}\`sudo ufw allow ${ssh}\` opens tcp and udp; \`${ssh}/tcp\` is tighter. For IPv6, /etc/default/ufw needs IPV6=yes. \`ufw limit\` counts as allowed but refuses more than 6 connections in 30 s (bursts of scp). A cloud firewall (security group) must allow ${ssh} too, for IPv4 and IPv6.`,
      },
      fix: [`sudo ufw allow ${ssh}/tcp`],
    },
    'firewall.allow-http': {
      group: 'firewall',
      title: {
        ja: `ファイアウォールが Web (${http}/tcp) を許可している`,
        en: `Firewall allows the web server (${http}/tcp)`,
      },
      hint: {
        ja: `Web サーバーに外から接続できるよう、${http} 番を許可してください。HTTPS でも公開しているなら \`sudo ufw allow 443/tcp\` も許可してください。`,
        en: `Allow port ${http} so the web server can be reached. A site also served over HTTPS needs \`sudo ufw allow 443/tcp\` too.`,
      },
      fix: [`sudo ufw allow ${http}/tcp`],
    },
    'firewall.extra-ports': {
      group: 'firewall',
      title: {
        ja: '講座で使うポート以外が開いていない',
        en: 'No ports open beyond the course ports',
      },
      hint: {
        ja: `開けるのは必要なポートだけにしましょう。${same ? '' : `移行が終わったら ${oldSsh} 番の許可は消します。`}要らない許可は \`sudo ufw status numbered\` で番号を確かめ、\`sudo ufw delete 番号\` で消してください。すべてのポートを開けるルール(\`ufw allow from any\` など)があると、既定の拒否は意味がなくなります。Docker の -p で公開したポートは ufw を素通りする点にも注意してください。`,
        en: `Open only what you need${same ? '' : `; delete the port ${oldSsh} rule once the migration is done`}. Find a rule's number with \`sudo ufw status numbered\` and remove it with \`sudo ufw delete N\`. A rule that opens every port (such as \`ufw allow from any\`) makes the default deny meaningless. Ports published with Docker's -p bypass ufw.`,
      },
      fix: ['sudo ufw status numbered', 'sudo ufw delete <番号>'],
    },
    'guard.lockout': {
      group: 'guard',
      title: {
        ja: 'SSH から締め出される危険がない',
        en: 'No risk of locking yourself out of SSH',
      },
      hint: {
        ja: `危険: ファイアウォールが有効(または次回起動時に有効)なのに、sshd が使うポートを許可していません。このままでは新しい SSH 接続ができなくなります。今のセッションを閉じずに、すぐ下のコマンドで許可してください。すでに入れなくなった場合は、SSH を通らないコンソール(シリアルコンソールや VNC コンソール。Lightsail のブラウザ SSH や EC2 Instance Connect は 22 番に SSH で接続するので使えません)から \`sudo ufw allow ${ssh}/tcp\` または \`sudo ufw disable\` を実行します。`,
        en: `Danger: the firewall is active (or will be at boot) but does not allow the port sshd uses. New SSH connections will fail. Keep this session open and allow it now with the command below. If you are already locked out, use a console that does not go through SSH (a serial or VNC console; Lightsail's browser SSH and EC2 Instance Connect connect to port 22 and fail too) to run \`sudo ufw allow ${ssh}/tcp\` or \`sudo ufw disable\`.`,
      },
      fix: [`sudo ufw allow ${ssh}/tcp`],
    },
  }
}

/** The catalogue with the texts written for other ports (the CLI's `--ssh-port`, `--http-port`). */
export function catalogFor(settings: CatalogSettings): readonly CatalogEntry[] {
  const entries = entriesFor(settings)
  return checkIds.map((id) => ({ id, ...entries[id] }))
}

export const catalog: readonly CatalogEntry[] = catalogFor(course)

const byId = new Map<CheckId, CatalogEntry>(catalog.map((entry) => [entry.id, entry]))

export function catalogEntry(id: CheckId): CatalogEntry {
  const entry = byId.get(id)
  if (!entry) throw new Error(`unknown check id: ${id}`)
  return entry
}
