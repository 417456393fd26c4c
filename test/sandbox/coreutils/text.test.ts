/**
 * Text tools the lessons' pipelines use: grep context, sed scripts, sort keys, tr, xargs. The
 * outputs were recorded from GNU grep 3.8, sed 4.9, coreutils 9.1 and findutils 4.9 and mawk 1.3.4 on Debian 12
 * (LC_ALL=C.UTF-8), run on the same files.
 */
import { describe, expect, it } from 'vitest'
import { makeSystem, run } from '../shell/_system.ts'

const files: Record<string, string> = {
  '/home/student/w/notes.txt': 'alpha\nbeta\ngamma\n',
  '/home/student/w/conf': 'Port 22\n#Port 2222\nPermitRootLogin no\nport 80\n',
  '/home/student/w/list': 'b\n10\na\n2\nb\n',
  '/home/student/w/passwd':
    'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nstudent:x:1000:1000:,,,:/home/student:/bin/bash\nsshd:x:105:65534::/run/sshd:/usr/sbin/nologin\n',
  '/home/student/w/nums': '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n',
  '/home/student/w/ports': 'web 80 tcp\nssh 22 tcp\ndns 53 udp\nalt 8080 tcp\n',
}

function workSystem() {
  const system = makeSystem(files)
  for (const path of ['/home/student/w', ...Object.keys(files)]) system.fs.chown(path, 1000, 1000, { uid: 0, gid: 0, groups: [0] })
  return system
}

type Case = [command: string, stdout: string, stderr?: string, status?: number]

const cases: Case[] = [
  ["grep -A1 beta notes.txt","beta\ngamma\n"],
  ["grep -B1 gamma notes.txt","beta\ngamma\n"],
  ["grep -C1 5 nums","4\n5\n6\n"],
  ["grep -n -A1 -e 2 -e 8 nums","2:2\n3-3\n--\n8:8\n9-9\n"],
  ["grep -A1 Port conf notes.txt","conf:Port 22\nconf:#Port 2222\nconf-PermitRootLogin no\n"],
  ["grep -c -A2 Port conf","2\n"],
  ["grep -E '^[[:digit:]]+$' nums | wc -l","10\n"],
  ["grep -E '[[:space:]]2{2,}' conf","Port 22\n#Port 2222\n"],
  ["sed -n '2,4p' nums","2\n3\n4\n"],
  ["sed '3,$d' nums","1\n2\n"],
  ["sed -n '/3/,/5/p' nums","3\n4\n5\n"],
  ["sed '0,/Port/s//Listen/' conf","Listen 22\n#Port 2222\nPermitRootLogin no\nport 80\n"],
  ["sed '1,/Port/s/Port/X/' conf","X 22\n#X 2222\nPermitRootLogin no\nport 80\n"],
  ["sed '/^#/!s/^/> /' conf","> Port 22\n#Port 2222\n> PermitRootLogin no\n> port 80\n"],
  ["sed -n '/Port/{s/Port/P/;p}' conf","P 22\n#P 2222\n"],
  ["sed '2a inserted' notes.txt","alpha\nbeta\ninserted\ngamma\n"],
  ["sed '2i before' notes.txt","alpha\nbefore\nbeta\ngamma\n"],
  ["sed '/beta/c changed' notes.txt","alpha\nchanged\ngamma\n"],
  ["sed 'y/abc/xyz/' notes.txt","xlphx\nyetx\ngxmmx\n"],
  ["sed -E 's/([[:alpha:]]+) ([[:digit:]]+)/\\2 \\1/' conf","22 Port\n#2222 Port\nPermitRootLogin no\n80 port\n"],
  ["sed -e '$a\\' -e 'end' notes.txt","alpha\nbeta\ngamma\nend\n"],
  ["sed '2,3!d' nums","2\n3\n"],
  ["sed -n '$=' nums","10\n"],
  ["sed '/a/{/e/d}' notes.txt","alpha\ngamma\n"],
  ["sed '1d;$d' notes.txt","beta\n"],
  ["sed '2q' nums","1\n2\n"],
  ["sort -t: -k3 -n passwd","root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nsshd:x:105:65534::/run/sshd:/usr/sbin/nologin\nstudent:x:1000:1000:,,,:/home/student:/bin/bash\n"],
  ["sort -t: -k3,3n passwd | cut -d: -f1","root\ndaemon\nsshd\nstudent\n"],
  ["sort -k2 -n ports","ssh 22 tcp\ndns 53 udp\nweb 80 tcp\nalt 8080 tcp\n"],
  ["sort -k2nr ports","alt 8080 tcp\nweb 80 tcp\ndns 53 udp\nssh 22 tcp\n"],
  ["sort -k3,3 -k1,1 ports","alt 8080 tcp\nssh 22 tcp\nweb 80 tcp\ndns 53 udp\n"],
  ["sort -t: -k7 passwd | cut -d: -f1","root\nstudent\ndaemon\nsshd\n"],
  ["echo hello | tr a-z A-Z","HELLO\n"],
  ["echo hello world | tr -d lo","he wrd\n"],
  ["echo 'a   b    c' | tr -s ' '","a b c\n"],
  ["echo hello | tr '[:lower:]' '[:upper:]'","HELLO\n"],
  ["printf 'a\\nb\\n' | tr '\\n' ,","a,b,"],
  ["echo abc | tr -c a x","axxx"],
  ["echo 'a b c' | xargs echo got","got a b c\n"],
  ["printf 'notes.txt\\nconf\\n' | xargs wc -l"," 3 notes.txt\n 4 conf\n 7 total\n"],
  ["printf '1 2 3 4 5\\n' | xargs -n 2 echo","1 2\n3 4\n5\n"],
  ["printf 'a\\nb\\n' | xargs -I{} echo file-{}","file-a\nfile-b\n"],
  ["printf 'b\\na\\nb\\nb\\n' | sort | uniq -c | sort -rn","      3 b\n      1 a\n"],
  ["cut -d: -f1,7 passwd | grep -v nologin","root:/bin/bash\nstudent:/bin/bash\n"],
  // awk is mawk 1.3.4 on Debian 12
  ["awk '{print $1}' ports","web\nssh\ndns\nalt\n"],
  ["awk '{print $2, $1}' ports","80 web\n22 ssh\n53 dns\n8080 alt\n"],
  ["awk -F: '{print $1}' passwd","root\ndaemon\nstudent\nsshd\n"],
  ["awk -F: '$3 >= 1000 {print $1 \" home=\" $6}' passwd","student home=/home/student\n"],
  ["awk '/tcp/ {print $1}' ports","web\nssh\nalt\n"],
  ["awk 'NR==2' ports","ssh 22 tcp\n"],
  ["awk 'NR>1 {print NR\": \"$0}' notes.txt","2: beta\n3: gamma\n"],
  ["awk '$3 == \"udp\"' ports","dns 53 udp\n"],
  ["awk '{sum += $2} END {print sum}' ports","8235\n"],
  ["awk 'BEGIN {print \"start\"} {n++} END {print n, \"lines\"}' ports","start\n4 lines\n"],
  ["awk -F: -v OFS=- '{print $1, $3}' passwd","root-0\ndaemon-1\nstudent-1000\nsshd-105\n"],
  ["awk '{print NF, $NF}' ports","3 tcp\n3 tcp\n3 udp\n3 tcp\n"],
  ["awk 'END {print NR}' nums","10\n"],
  ["awk '$2 > 100 {print $1; c++} END {print c+0}' ports","alt\n1\n"],
  ["awk '{ if ($2 > 60) print $1, \"high\"; else print $1, \"low\" }' ports","web high\nssh low\ndns low\nalt high\n"],
  ["awk 'length($1) == 3' ports","web 80 tcp\nssh 22 tcp\ndns 53 udp\nalt 8080 tcp\n"],
  ["awk '{printf \"%-5s|%5d\\n\", $1, $2}' ports","web  |   80\nssh  |   22\ndns  |   53\nalt  | 8080\n"],
  ["awk '!/tcp/' ports","dns 53 udp\n"],
  ["awk '/ssh/,/dns/ {print $1}' ports","ssh\ndns\n"],
  ["awk '{print toupper($1)}' ports","WEB\nSSH\nDNS\nALT\n"],
]

describe('text tools match GNU', () => {
  it.each(cases)('%s', async (command, stdout, stderr = '', status = 0) => {
    const result = await run(['cd w', command], 'student', workSystem())
    expect({ stdout: result.stdout, stderr: result.stderr, status: result.status }).toEqual({ stdout, stderr, status })
  })
})
