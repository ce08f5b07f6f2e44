#!/bin/sh
# w5 ingest on bad input: a malformed JSON line, a broken gzip file and a
# missing file are reported with file (and line) on stderr and skipped,
# the rest goes in, and the exit status is 1. A read-only or locked
# database gives a clear error and exit 1.
W5=${W5:-build/w5}
tmp=$(mktemp -d) || exit 1
lockpid=
trap '[ -n "$lockpid" ] && kill $lockpid 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

printf '{"id":"a","text":"Good one."}\n{"id":"b","text": broken\n\n{"id":"c","text":"Good two."}\n[1,2]\n' > "$tmp/in.jsonl"
printf 'Plain text document.\n' > "$tmp/plain.txt"
printf '{"id":"z","text":"zipped"}\n' | gzip -c | head -c 20 > "$tmp/cut.jsonl.gz"
"$W5" ingest --db "$tmp/e.db" --quiet "$tmp/in.jsonl" "$tmp/cut.jsonl.gz" \
    "$tmp/missing.txt" "$tmp/plain.txt" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "exit $rc, want 1"
grep -q "in.jsonl:2:" "$tmp/err" || fail "line 2 not reported: $(cat "$tmp/err")"
grep -q "in.jsonl:5:" "$tmp/err" || fail "line 5 not reported: $(cat "$tmp/err")"
grep -q "cut.jsonl.gz" "$tmp/err" || fail "broken gzip not reported"
grep -q "missing.txt" "$tmp/err" || fail "missing file not reported"
grep -q ": 3 documents added" "$tmp/out" || fail "summary: $(cat "$tmp/out")"

# Read-only: as root, file permissions do not bind, so open through a
# read-only SQLite URI; as another user a chmod'ed file must fail too.
"$W5" ingest --db "file:$tmp/e.db?mode=ro" --quiet "$tmp/plain.txt" \
    > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "read-only exit $rc"
grep -q "read-only" "$tmp/err" || fail "read-only message: $(cat "$tmp/err")"
if [ "$(id -u)" -ne 0 ]; then
    chmod 444 "$tmp/e.db"
    "$W5" ingest --db "$tmp/e.db" --quiet "$tmp/plain.txt" > /dev/null 2> "$tmp/err"
    [ $? -eq 1 ] || fail "chmod read-only exit"
    grep -q "read-only" "$tmp/err" || fail "chmod message: $(cat "$tmp/err")"
    chmod 644 "$tmp/e.db"
fi
# As root, drop to nobody with setpriv so the permissions bind: a
# read-only file refuses an ingest but still answers queries.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=65534 --regid=65534 --clear-groups "$W5" --version \
        > /dev/null 2>&1; then
    chmod 755 "$tmp"
    chmod 444 "$tmp/e.db" "$tmp/plain.txt"
    setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$W5" ingest --db "$tmp/e.db" --quiet "$tmp/plain.txt" > /dev/null 2> "$tmp/err"
    rc=$?
    [ $rc -eq 1 ] || fail "read-only file (as nobody) exit $rc"
    grep -q "read-only" "$tmp/err" || fail "read-only file message: $(cat "$tmp/err")"
    setpriv --reuid=65534 --regid=65534 --clear-groups \
        "$W5" query --db "$tmp/e.db" stats > "$tmp/out" 2> "$tmp/err" ||
        fail "query on a read-only file: $(cat "$tmp/err")"
    grep -q documents "$tmp/out" || fail "query output on a read-only file"
    chmod 644 "$tmp/e.db"
    chmod 700 "$tmp"
fi
# Queries still work on a read-only URI.
"$W5" query --db "file:$tmp/e.db?mode=ro" stats > /dev/null || fail "query ro"

# Locked: another process holds the write lock (sqlite3's shell).
if command -v sqlite3 >/dev/null 2>&1; then
    mkfifo "$tmp/fifo"
    sqlite3 "$tmp/e.db" < "$tmp/fifo" > /dev/null 2>&1 &
    lockpid=$!
    exec 3> "$tmp/fifo"
    # the shell waits if our probe below holds the lock at that moment
    echo ".timeout 5000" >&3
    echo "BEGIN EXCLUSIVE; INSERT INTO documents(key, hash, bytes, tokens, sentences, stages, text) VALUES ('lock', 'x', 0, 0, 0, 0, '');" >&3
    # wait until the lock is really held (a loaded machine may take a
    # while to start sqlite3): a write of our own must fail meanwhile
    i=0
    while [ $i -lt 200 ] &&
          sqlite3 "$tmp/e.db" "PRAGMA busy_timeout=0; BEGIN IMMEDIATE; ROLLBACK;" \
              > /dev/null 2>&1; do
        sleep 0.05
        i=$((i + 1))
    done
    "$W5" ingest --db "$tmp/e.db" --busy-timeout 300 --quiet "$tmp/plain.txt" \
        > /dev/null 2> "$tmp/err"
    rc=$?
    exec 3>&-
    wait $lockpid 2>/dev/null
    lockpid=
    [ $rc -eq 1 ] || fail "locked exit $rc"
    grep -q "locked" "$tmp/err" || fail "locked message: $(cat "$tmp/err")"
fi

# A query on a missing database.
"$W5" query --db "$tmp/none.db" stats > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] || fail "missing db exit"
grep -q "no such database" "$tmp/err" || fail "missing db message"
exit 0
