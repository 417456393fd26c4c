/**
 * Outputs recorded from GNU coreutils 9.1 (Debian 12, LC_ALL=C.UTF-8, TZ=UTC) run on the same
 * files in a temporary directory; the simulated commands must print the same bytes.
 */
import { describe, expect, it } from 'vitest'
import { makeSystem, NOW, run } from '../shell/_system.ts'

const files = {
  '/home/student/w/notes.txt': 'alpha\nbeta\ngamma\n',
  '/home/student/w/conf': 'Port 22\n#Port 2222\nPermitRootLogin no\nport 80\n',
  '/home/student/w/list': 'b\n10\na\n2\nb\n',
  '/home/student/w/dir/sub/f': 'x\n',
}

function workSystem() {
  const system = makeSystem(files)
  const root = { uid: 0, gid: 0, groups: [0] }
  for (const path of ['/home/student/w', '/home/student/w/notes.txt', '/home/student/w/conf', '/home/student/w/list', '/home/student/w/dir', '/home/student/w/dir/sub', '/home/student/w/dir/sub/f']) {
    system.fs.chown(path, 1000, 1000, root)
  }
  return system
}

type Case = [command: string, stdout: string, stderr?: string, status?: number]

const cases: Case[] = [
  ['ls', 'conf\ndir\nlist\nnotes.txt\n'],
  ['ls -a', '.\n..\nconf\ndir\nlist\nnotes.txt\n'],
  ['ls -A dir', 'sub\n'],
  ['ls -1', 'conf\ndir\nlist\nnotes.txt\n'],
  ['ls -d dir', 'dir\n'],
  ['ls -R dir', 'dir:\nsub\n\ndir/sub:\nf\n'],
  ['ls nope notes.txt', 'notes.txt\n', "ls: cannot access 'nope': No such file or directory\n", 2],
  ['ls -z', '', "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", 2],
  ['ls --bogus', '', "ls: unrecognized option '--bogus'\nTry 'ls --help' for more information.\n", 2],
  ['ls -l nope', '', "ls: cannot access 'nope': No such file or directory\n", 2],
  ['cat notes.txt nope', 'alpha\nbeta\ngamma\n', 'cat: nope: No such file or directory\n', 1],
  ['cat -n notes.txt', '     1\talpha\n     2\tbeta\n     3\tgamma\n'],
  ['grep -n Port conf', '1:Port 22\n2:#Port 2222\n'],
  ['grep -i port conf', 'Port 22\n#Port 2222\nport 80\n'],
  ['grep -v Port conf', 'PermitRootLogin no\nport 80\n'],
  ['grep -c Port conf', '2\n'],
  ['grep -w Port conf', 'Port 22\n#Port 2222\n'],
  ["grep -E '^#?Port [0-9]+' conf", 'Port 22\n#Port 2222\n'],
  ["grep '^#\\?Port' conf", 'Port 22\n#Port 2222\n'],
  ["grep -o '[0-9]\\+' conf", '22\n2222\n80\n'],
  ['grep -r x dir', 'dir/sub/f:x\n'],
  ['grep -l a notes.txt conf', 'notes.txt\n'],
  ['grep Port conf notes.txt', 'conf:Port 22\nconf:#Port 2222\n'],
  ['grep -h Port conf notes.txt', 'Port 22\n#Port 2222\n'],
  ['grep -q Port conf; echo $?', '0\n'],
  ['grep zzz conf', '', '', 1],
  ['grep -e alpha -e gamma notes.txt', 'alpha\ngamma\n'],
  ["grep -F '#Port' conf", '#Port 2222\n'],
  ["grep '[[:digit:]]\\{2,\\}' conf", 'Port 22\n#Port 2222\nport 80\n'],
  ['grep x nope', '', 'grep: nope: No such file or directory\n', 2],
  ['grep', '', "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", 2],
  ['head -n 2 notes.txt', 'alpha\nbeta\n'],
  ['head -2 notes.txt', 'alpha\nbeta\n'],
  ['tail -n 1 notes.txt', 'gamma\n'],
  ['tail -1 notes.txt', 'gamma\n'],
  ['head -n x notes.txt', '', 'head: invalid number of lines: ‘x’\n', 1],
  ['head notes.txt conf', '==> notes.txt <==\nalpha\nbeta\ngamma\n\n==> conf <==\nPort 22\n#Port 2222\nPermitRootLogin no\nport 80\n'],
  ['tail -n +2 notes.txt', 'beta\ngamma\n'],
  ['tail nope', '', "tail: cannot open 'nope' for reading: No such file or directory\n", 1],
  ['wc notes.txt', ' 3  3 17 notes.txt\n'],
  ['wc -l notes.txt', '3 notes.txt\n'],
  ['wc -l notes.txt conf', ' 3 notes.txt\n 4 conf\n 7 total\n'],
  ['wc notes.txt conf', ' 3  3 17 notes.txt\n 4  8 46 conf\n 7 11 63 total\n'],
  ['wc -c < notes.txt', '17\n'],
  ['wc < notes.txt', '      3       3      17\n'],
  ['wc nope', '', 'wc: nope: No such file or directory\n', 1],
  ['sort list', '10\n2\na\nb\nb\n'],
  ['sort -n list', 'a\nb\nb\n2\n10\n'],
  ['sort -r list', 'b\nb\na\n2\n10\n'],
  ['sort -u list', '10\n2\na\nb\n'],
  ['sort -nr list', '10\n2\nb\nb\na\n'],
  ['sort nope', '', 'sort: cannot read: nope: No such file or directory\n', 2],
  ['uniq -c list', '      1 b\n      1 10\n      1 a\n      1 2\n      1 b\n'],
  ['uniq nope', '', 'uniq: nope: No such file or directory\n', 1],
  ["cut -d' ' -f2 conf", '22\n2222\nno\n80\n'],
  ['cut -c1-3 notes.txt', 'alp\nbet\ngam\n'],
  ['cut notes.txt', '', "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n", 1],
  ['cut -f1 nope', '', 'cut: nope: No such file or directory\n', 1],
  ['sed -n 2p notes.txt', 'beta\n'],
  ["sed 's/a/A/' notes.txt", 'Alpha\nbetA\ngAmma\n'],
  ["sed 's/a/A/g' notes.txt", 'AlphA\nbetA\ngAmmA\n'],
  ["sed -n '/^#/p' conf", '#Port 2222\n'],
  ["sed '/^#/d' conf", 'Port 22\nPermitRootLogin no\nport 80\n'],
  ["sed -E 's/([0-9]+)/<\\1>/' conf", 'Port <22>\n#Port <2222>\nPermitRootLogin no\nport <80>\n'],
  ["sed 's/^#\\(Port\\)/\\1/' conf", 'Port 22\nPort 2222\nPermitRootLogin no\nport 80\n'],
  ["sed -n '$=' notes.txt", '3\n'],
  ["sed '2,3d' notes.txt", 'alpha\n'],
  ["sed 's/port/PORT/I' conf", 'PORT 22\n#PORT 2222\nPermitRootLogin no\nPORT 80\n'],
  ["sed -n 's/a/' notes.txt", '', "sed: -e expression #1, char 4: unterminated `s' command\n", 1],
  ['sed k notes.txt', '', "sed: -e expression #1, char 1: unknown command: `k'\n", 1],
  ['sed = notes.txt', '1\nalpha\n2\nbeta\n3\ngamma\n'],
  ['mkdir dir', '', 'mkdir: cannot create directory ‘dir’: File exists\n', 1],
  ['mkdir -p dir/sub/new && ls dir/sub', 'f\nnew\n'],
  ['mkdir a/b', '', 'mkdir: cannot create directory ‘a/b’: No such file or directory\n', 1],
  ['mkdir', '', "mkdir: missing operand\nTry 'mkdir --help' for more information.\n", 1],
  ['rmdir dir', '', "rmdir: failed to remove 'dir': Directory not empty\n", 1],
  ['rmdir nope', '', "rmdir: failed to remove 'nope': No such file or directory\n", 1],
  ['rm nope', '', "rm: cannot remove 'nope': No such file or directory\n", 1],
  ['rm dir', '', "rm: cannot remove 'dir': Is a directory\n", 1],
  ['rm -f nope; echo $?', '0\n'],
  ['rm -r dir; ls', 'conf\nlist\nnotes.txt\n'],
  ['cp nope x', '', "cp: cannot stat 'nope': No such file or directory\n", 1],
  ['cp dir x', '', "cp: -r not specified; omitting directory 'dir'\n", 1],
  ['cp notes.txt', '', "cp: missing destination file operand after 'notes.txt'\nTry 'cp --help' for more information.\n", 1],
  ['cp notes.txt dir/sub/f notes.txt', '', "cp: target 'notes.txt': Not a directory\n", 1],
  ['mv nope x', '', "mv: cannot stat 'nope': No such file or directory\n", 1],
  ['touch', '', "touch: missing file operand\nTry 'touch --help' for more information.\n", 1],
  ['touch /nope/x', '', "touch: cannot touch '/nope/x': No such file or directory\n", 1],
  ['chmod 999 notes.txt', '', "chmod: invalid mode: ‘999’\nTry 'chmod --help' for more information.\n", 1],
  ['chmod', '', "chmod: missing operand\nTry 'chmod --help' for more information.\n", 1],
  ['chmod 644', '', "chmod: missing operand after ‘644’\nTry 'chmod --help' for more information.\n", 1],
  ['ln -s a notes.txt', '', "ln: failed to create symbolic link 'notes.txt': File exists\n", 1],
  ['date -z', '', "date: invalid option -- 'z'\nTry 'date --help' for more information.\n", 1],
  ['sleep x', '', "sleep: invalid time interval ‘x’\nTry 'sleep --help' for more information.\n", 1],
  ['sleep', '', "sleep: missing operand\nTry 'sleep --help' for more information.\n", 1],
  ['id nosuchuser', '', 'id: ‘nosuchuser’: no such user\n', 1],
  ['stat nope', '', "stat: cannot statx 'nope': No such file or directory\n", 1],
  ['chown nosuch notes.txt', '', 'chown: invalid user: ‘nosuch’\n', 1],
]

describe('coreutils match GNU coreutils 9.1', () => {
  it.each(cases)('%s', async (command, stdout, stderr = '', status = 0) => {
    const result = await run(`cd ~/w; ${command}`, 'student', workSystem())
    expect({ stdout: result.stdout, stderr: result.stderr, status: result.status }).toEqual({ stdout, stderr, status })
  })
})

describe('coreutils with permissions, times and the machine', () => {
  const DAY = 86_400_000
  it.each<[string, string, string?, number?, ('student' | 'root')?]>([
    ['cat /etc/shadow', '', 'cat: /etc/shadow: Permission denied\n', 1],
    ['hostname', 'webserver\n'],
    ['hostname -I', '203.0.113.10 \n'],
    ['hostname -i', '127.0.1.1\n'],
    ['ls /root', '', "ls: cannot open directory '/root': Permission denied\n", 2],
    ['mkdir /run/sshd', '', 'mkdir: cannot create directory ‘/run/sshd’: Permission denied\n', 1],
    ['mkdir -p /etc/x/y', '', 'mkdir: cannot create directory ‘/etc/x’: Permission denied\n', 1],
    ['touch /etc/x', '', "touch: cannot touch '/etc/x': Permission denied\n", 1],
    ['touch /etc/hostname', '', "touch: cannot touch '/etc/hostname': Permission denied\n", 1],
    ['rm /etc/hostname', '', "rm: cannot remove '/etc/hostname': Permission denied\n", 1],
    ['rmdir /etc', '', "rmdir: failed to remove '/etc': Permission denied\n", 1],
    ['mv /etc/hostname /etc/h2', '', "mv: cannot move '/etc/hostname' to '/etc/h2': Permission denied\n", 1],
    ['cp /etc/hostname /etc/h2', '', "cp: cannot create regular file '/etc/h2': Permission denied\n", 1],
    ['chmod 777 /etc/passwd', '', "chmod: changing permissions of '/etc/passwd': Operation not permitted\n", 1],
    ['chown root ~/notes.txt', '', "chown: changing ownership of '/home/student/notes.txt': Operation not permitted\n", 1],
    ['ln -s a /etc/x', '', "ln: failed to create symbolic link '/etc/x': Permission denied\n", 1],
    ['echo x | tee /etc/x', 'x\n', 'tee: /etc/x: Permission denied\n', 1],
    ['grep -c . /etc/passwd', '2\n'],
    ['echo x | tee -a /etc/hostname > /dev/null; cat /etc/hostname', 'webserver\nx\n', '', 0, 'root'],
    ['id', 'uid=1000(student) gid=1000(student) groups=1000(student),27(sudo)\n'],
    ['id', 'uid=0(root) gid=0(root) groups=0(root)\n', '', 0, 'root'],
    ['id -u; id -un; whoami', '1000\nstudent\nstudent\n'],
    ['hostname', 'webserver\n'],
    ['uname -r -s', 'Linux 6.1.0-28-amd64\n'],
    ['uname -a', 'Linux webserver 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n'],
    ['date', 'Sun Nov 29 06:35:06 UTC 2026\n'],
    ['date -u +%F', '2026-11-29\n'],
    ["date -d @1795847706 '+%Y-%m-%d %H:%M:%S %s %T'", '2026-11-28 06:35:06 1795847706 06:35:06\n'],
    ['ls -l ~/notes.txt', '-rw-r--r-- 1 student student 17 Nov 28 06:35 /home/student/notes.txt\n'],
    ['ls -ld /tmp', 'drwxrwxrwt 2 root root 4096 Nov 28 06:35 /tmp\n'],
    ['ls -l /etc/os-release', 'lrwxrwxrwx 1 root root 21 Nov 28 06:35 /etc/os-release -> ../usr/lib/os-release\n'],
    ['chmod 600 ~/notes.txt && stat -c %a ~/notes.txt', '600\n'],
    ['chmod u+x,go-r ~/notes.txt && ls -l ~/notes.txt', '-rwx------ 1 student student 17 Nov 28 06:35 /home/student/notes.txt\n'],
    ['mkdir -m 700 ~/p && stat -c %A ~/p', 'drwx------\n'],
    ['cp -a /etc/ssh ~/ssh && ls ~/ssh', 'sshd_config\nsshd_config.d\n'],
    ['mv ~/notes.txt /tmp/ && ls /tmp', 'notes.txt\n'],
    ['ln -s /etc/hostname ~/h && cat ~/h', 'webserver\n'],
    ['env | grep ^HOME=', 'HOME=/home/student\n'],
    ['which ls nope', '/usr/bin/ls\n', '', 1],
    ['clear', '\x1b[H\x1b[2J\x1b[3J'],
    ['sed -i s/webserver/web2/ /etc/hostname; cat /etc/hostname', 'web2\n', '', 0, 'root'],
    ['stat /etc/hostname', "  File: /etc/hostname\n  Size: 10        \tBlocks: 8          IO Block: 4096   regular file\nDevice: 8,1\tInode: 1010       Links: 1\nAccess: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)\nAccess: 2026-11-28 06:35:06.000000000 +0000\nModify: 2026-11-28 06:35:06.000000000 +0000\nChange: 2026-11-28 06:35:06.000000000 +0000\n Birth: 2026-11-28 06:35:06.000000000 +0000\n"],
  ])('%s', async (command, stdout, stderr = '', status = 0, as = 'student') => {
    const result = await run(command, as)
    expect({ stdout: result.stdout, stderr: result.stderr, status: result.status }).toEqual({ stdout, stderr, status })
  })

  it('sleep advances the clock and touch stamps files with it', async () => {
    const system = makeSystem()
    await run(['sleep 2', 'touch ~/t'], 'student', system)
    expect(system.fs.stat('/home/student/t', { uid: 0, gid: 0, groups: [0] })).toMatchObject({ mtime: NOW + 2000 })
    expect(DAY).toBeGreaterThan(0)
  })

  it('ls -l shows the year for files older than six months and a total line', async () => {
    const system = makeSystem({ '/srv/a': 'abc\n' })
    system.fs.utime('/srv/a', Date.UTC(2025, 0, 2, 3, 4, 5), { uid: 0, gid: 0, groups: [0] })
    const result = await run('ls -l /srv', 'student', system)
    expect(result.stdout).toBe('total 4\n-rw-r--r-- 1 root root 4 Jan  2  2025 a\n')
  })

  it('ls on a terminal prints columns', async () => {
    const system = makeSystem()
    const { login } = await import('../shell/_system.ts')
    const shell = login('student', system)
    let output = ''
    const tty = { columns: 80, rows: 24, write: (t: string) => void (output += t), readLine: async () => null, readKey: async () => ({ kind: 'eof' as const }), pause: async () => undefined }
    await shell.run('ls /etc', tty)
    expect(output).toBe('group  hostname  os-release  passwd  shadow  ssh\n')
  })
})
