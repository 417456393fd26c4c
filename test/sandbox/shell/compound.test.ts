/**
 * Compound commands, functions, here-documents and shell options. The expected outputs were
 * recorded from bash 5.2.15 (`bash --norc -c SCRIPT`, LC_ALL=C.UTF-8) on Debian 12; where an
 * interactive shell differs from `bash -c` (a fatal expansion error ends the line with status 1
 * instead of leaving the shell with 127), the interactive behaviour is expected.
 */
import { describe, expect, it } from 'vitest'
import type { Tty } from '../../../src/sandbox/commands/types.ts'
import { login, run } from './_system.ts'

type Case = [script: string, stdout: string, stderr?: string, status?: number]

const recorded: Case[] = [
  ["if true; then echo a; else echo b; fi","a\n"],
  ["if false; then echo a; elif true; then echo b; else echo c; fi","b\n"],
  ["if false; then echo a; elif false; then echo b; else echo c; fi; echo $?","c\n0\n"],
  ["if false; then echo a; fi; echo $?","0\n"],
  ["if [ 1 -eq 1 ]\nthen\n  echo one\nfi","one\n"],
  ["x=0; while [ $x -lt 3 ]; do echo $x; x=$((x+1)); done","0\n1\n2\n"],
  ["x=0; until [ $x -ge 3 ]; do echo $x; x=$((x+1)); done; echo $?","0\n1\n2\n0\n"],
  ["for i in a b c; do echo \"item $i\"; done","item a\nitem b\nitem c\n"],
  ["for i in 1 2 3 4 5; do if [ $i = 2 ]; then continue; fi; if [ $i = 4 ]; then break; fi; echo $i; done","1\n3\n"],
  ["for i in 1 2; do for j in a b; do [ $j = b ] && continue 2; echo $i$j; done; done","1a\n2a\n"],
  ["for i in; do echo x; done; echo $?","0\n"],
  ["{ echo a; echo b; } | wc -l","2\n"],
  ["{ x=5; }; echo $x","5\n"],
  ["(x=5; echo in $x); echo \"out [$x]\"","in 5\nout []\n"],
  ["! true; echo $?","1\n"],
  ["! false; echo $?","0\n"],
  ["f() { echo \"args: $# [$1] [$2] [$@]\"; }; f a \"b c\"","args: 2 [a] [b c] [a b c]\n"],
  ["f() { for a in \"$@\"; do echo \"<$a>\"; done; }; f 1 \"2 3\" ''","<1>\n<2 3>\n<>\n"],
  ["f() { for a in $@; do echo \"<$a>\"; done; }; f 1 \"2 3\"","<1>\n<2>\n<3>\n"],
  ["f() { for a; do echo \"<$a>\"; done; }; f x y","<x>\n<y>\n"],
  ["f() { return 7; }; f; echo $?","7\n"],
  ["f() { local v=inner; echo $v; }; v=outer; f; echo $v","inner\nouter\n"],
  ["f() { v=changed; }; v=outer; f; echo $v","changed\n"],
  ["f() { local v; v=2; }; f; echo \"[$v]\"","[]\n"],
  ["g() { echo g$1; }; f() { g $1$1; }; f x","gxx\n"],
  ["f() { echo $1; shift; echo $1 $#; }; f a b c","a\nb 2\n"],
  ["set -- x y z; echo $# $2; shift 2; echo $1","3 y\nz\n"],
  ["function hello { echo hi $1; }; hello there","hi there\n"],
  ["f() {\n  echo multi\n  echo line\n}\nf","multi\nline\n"],
  ["fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }; fact 5","120\n"],
  ["echo a; false; echo $?","a\n1\n"],
  ["true && false || echo fallback","fallback\n"],
  ["cat <<EOF\nline $HOME\n  indented\nEOF","line /home/student\n  indented\n"],
  ["cat <<'EOF'\n$HOME `date`\nEOF","$HOME `date`\n"],
  ["cat <<-EOF\n\ttabbed\n\tEOF","tabbed\n"],
  ["cat <<EOF | grep b\na\nb\nEOF","b\n"],
  ["x=1; cat <<EOF\n$x \\$x $((x+1))\nEOF","1 $x 2\n"],
  ["read a b <<< \"one two three\"; echo \"$a|$b\"","one|two three\n"],
  ["while read line; do echo \"got $line\"; done <<EOF\n1\n2\nEOF","got 1\ngot 2\n"],
  ["printf 'a b\nc d\n' | while read x y; do echo \"$y-$x\"; done","b-a\nd-c\n"],
  ["set -e; echo a; false; echo b","a\n","",1],
  ["set -e; false || true; echo survived","survived\n"],
  ["set -e; if false; then :; fi; echo ok","ok\n"],
  ["set -e; ! true; echo still","still\n"],
  ["set -e; f() { false; echo no; }; f; echo after","","",1],
  ["set -e; (false); echo no","","",1],
  ["set -u; echo ${unset_var:-dflt}","dflt\n"],
  ["set -x; echo hi \"a b\"","hi a b\n","+ echo hi 'a b'\n"],
  ["x=1; y=$(x=2; echo $x); echo $x $y","1 2\n"],
  ["for i in 1 2 3; do echo $i; done > /tmp/out.txt; cat /tmp/out.txt","1\n2\n3\n"],
  ["if true; then echo a; fi 2>&1 | tr a b","b\n"],
  ["echo ${nope:?msg}; echo after","","bash: nope: msg\n",1],
  ["set -u; echo $nope; echo after","","bash: nope: unbound variable\n",1],
  ["f() { echo $x; }; x=1 f","1\n"],
  ["x=5; f() { echo $x; }; (x=6; f); f","6\n5\n"],
  ["for i in 1 2 3; do echo $i; done | sort -r","3\n2\n1\n"],
]

const syntax: Case[] = [
  ['if true; then echo a', '', 'bash: syntax error: unexpected end of file\n', 2],
  ['if true\nthen\n  echo a\n', '', 'bash: syntax error: unexpected end of file\n', 2],
  ['while true; do', '', 'bash: syntax error: unexpected end of file\n', 2],
  ['fi', '', "bash: syntax error near unexpected token `fi'\n", 2],
  ['if true; then fi', '', "bash: syntax error near unexpected token `fi'\n", 2],
  ['for i in a b; echo $i; done', '', "bash: syntax error near unexpected token `echo'\n", 2],
  ['done', '', "bash: syntax error near unexpected token `done'\n", 2],
  ['{ echo a }', '', 'bash: syntax error: unexpected end of file\n', 2],
  ['f() echo x', '', "bash: syntax error near unexpected token `echo'\n", 2],
  ['return', '', "bash: return: can only `return' from a function or sourced script\n", 1],
  ['break; echo $?', "0\n", "bash: break: only meaningful in a `for', `while', or `until' loop\n"],
  ['local x=1', '', 'bash: local: can only be used in a function\n', 1],
  ['while true; do :; done', '', 'bash: too many commands in one line (10000)\n', 1],
]

describe('shell compound commands match bash 5.2', () => {
  it.each([...recorded, ...syntax])('%j', async (script, stdout, stderr = '', status = 0) => {
    const result = await run(script)
    expect({ stdout: result.stdout, stderr: result.stderr, status: result.status }).toEqual({ stdout, stderr, status })
  })
})

function recordingTty(): Tty & { output: string } {
  const tty = {
    output: '',
    columns: 80,
    rows: 24,
    write(text: string) {
      tty.output += text
    },
    readLine: async () => 'typed answer',
    readKey: async () => ({ kind: 'eof' as const }),
    pause: async () => undefined,
  }
  return tty
}

/** Lines typed at the prompt one after another; what the terminal showed. */
async function session(lines: string[]) {
  const shell = login()
  const tty = recordingTty()
  let status = 0
  for (const line of lines) status = await shell.run(line, tty)
  return { output: tty.output, status, shell }
}

describe('interactive shell', () => {
  it.each<[lines: string[], output: string]>([
    [['echo a b c', 'echo !$'], 'a b c\necho c\nc\n'],
    [['echo one', '!!'], 'one\necho one\none\n'],
    [['cat /etc/shadow', 'sudo !!'], 'cat: /etc/shadow: Permission denied\nsudo cat /etc/shadow\nbash: sudo: command not found\n'],
    [['echo a b', 'echo "!!" \'!!\''], 'a b\necho "echo a b" \'!!\'\necho a b !!\n'],
    [['false', '!nope', 'echo $?'], 'bash: !nope: event not found\n1\n'],
    [['echo x != y !'], 'x != y !\n'],
    [['echo hi', 'echo bye', '!-2'], 'hi\nbye\necho hi\nhi\n'],
    [['echo $-'], 'himBHs\n'],
    [['alias'], "alias ls='ls --color=auto'\n"],
    [['type ls'], "ls is aliased to `ls --color=auto'\n"],
    [["alias ll='ls -l'", 'alias ll', 'unalias ll', 'alias ll'], "alias ll='ls -l'\nbash: alias: ll: not found\n"],
    [["alias hi='echo hello'", 'hi there'], 'hello there\n'],
    [["alias hi='echo hello'; hi"], 'bash: hi: command not found\n'],
    [['unalias nope'], 'bash: unalias: nope: not found\n'],
    [['read -p "Name: " who; echo "[$who]"'], '[typed answer]\n'],
  ])('%j', async (lines, output) => {
    expect((await session(lines)).output).toBe(output)
  })

  it('expands history only at the prompt, not for captured runs', async () => {
    const shell = login()
    await shell.runCaptured('echo one')
    expect((await shell.runCaptured('echo !!')).stdout).toBe('!!\n')
  })

  it('keeps the expanded line in history', async () => {
    const { shell } = await session(['echo a b', 'echo !$'])
    expect(shell.history).toEqual(['echo a b', 'echo b'])
  })

  it('aliases apply to lines typed at the prompt, not to captured runs (bash -c)', async () => {
    const shell = login()
    expect((await shell.runCaptured('type ls')).stdout).toBe('ls is /usr/bin/ls\n')
  })

  it('set -e at the prompt ends the login on a failure, as in bash', async () => {
    const { shell, output } = await session(['set -e', 'false', 'echo never'])
    expect(shell.exited).toBe(true)
    expect(output).toBe('')
  })
})
