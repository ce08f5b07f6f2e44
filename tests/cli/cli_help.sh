#!/bin/sh
# --version, w5 help, and --help on every command `w5 help` lists (and on
# every eval/train subcommand): exit 0 and a usage line on stdout; the
# man page docs/w5.1 describes every one of them.
W5=${W5:-build/w5}
fail() { echo "FAIL: $*"; exit 1; }

v=$("$W5" --version) || fail "--version exit"
echo "$v" | grep -Eq '^w5 [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version: $v"
[ "$("$W5" version)" = "$v" ] || fail "version differs"

"$W5" help > /dev/null || fail "w5 help"
"$W5" --help > /dev/null || fail "w5 --help"
cmds=$("$W5" help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$cmds" ] || fail "no commands listed"
for c in $cmds; do
    case $c in help|version) continue ;; esac
    case $c in
    eval|train)
        "$W5" "$c" --help > /dev/null || fail "w5 $c --help"
        subs=$("$W5" help "$c" | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
        for s in $subs; do
            out=$("$W5" "$c" "$s" --help) || fail "w5 $c $s --help exit $?"
            echo "$out" | grep -qi 'usage' || fail "w5 $c $s --help: no usage"
            "$W5" help "$c" "$s" > /dev/null || fail "w5 help $c $s"
            grep -q "^\.B $c $s\b" docs/w5.1 || fail "docs/w5.1 lacks w5 $c $s"
        done ;;
    *)
        out=$("$W5" "$c" --help) || fail "w5 $c --help exit $?"
        echo "$out" | grep -qi 'usage' || fail "w5 $c --help: no usage line"
        "$W5" help "$c" > /dev/null || fail "w5 help $c"
        grep -q "^\.BR $c " docs/w5.1 || fail "docs/w5.1 lacks w5 $c" ;;
    esac
done
exit 0
