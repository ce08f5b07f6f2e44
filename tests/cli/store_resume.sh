#!/bin/sh
# w5 ingest survives kill -9: a few thousand generated documents are
# ingested, the process is killed while it writes, and a second run
# resumes. Every document is then stored exactly once (the count equals
# the input, ids are unique), and a third run adds nothing.
W5=${W5:-build/w5}
tmp=$(mktemp -d) || exit 1
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

N=3000
awk -v n=$N 'BEGIN {
    for (i = 1; i <= n; i++) {
        printf "{\"id\":\"gen-%d\",\"date\":\"2020-01-%02d\",\"title\":\"Report %d\",", i, i % 28 + 1, i
        printf "\"text\":\"Minister Anna Berg%d said on Monday that the council of Town%d ", i % 50, i % 30
        printf "would meet again. \\\"We made progress,\\\" she told reporters in Town%d. ", i % 30
        printf "The talks, which began in March, are expected to end next week. "
        printf "Document number %d closes here.\"}\n", i
    }
}' > "$tmp/docs.jsonl"
gzip -c "$tmp/docs.jsonl" > "$tmp/docs.jsonl.gz"

count() {
    "$W5" query --db "$tmp/c.db" stats --format csv 2>/dev/null |
        awk -F, '$1 == "documents" { print $2; exit }'
}

# Small batches, one thread: slow enough to be caught mid-way.
"$W5" ingest --db "$tmp/c.db" --threads 1 --batch 20 --quiet "$tmp/docs.jsonl.gz" \
    > "$tmp/out1" 2>&1 &
pid=$!
i=0
while [ $i -lt 400 ]; do
    c=$(count)
    [ -n "$c" ] && [ "$c" -gt 0 ] && break
    sleep 0.05
    i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
pid=
before=$(count)
[ -n "$before" ] || fail "no database after the kill"
echo "killed with $before of $N documents committed"

"$W5" ingest --db "$tmp/c.db" --quiet "$tmp/docs.jsonl.gz" > "$tmp/out2" 2>&1 ||
    { cat "$tmp/out2"; fail "resume exit"; }
after=$(count)
[ "$after" = "$N" ] || fail "after resume: $after documents, want $N ($(cat "$tmp/out2"))"
added=$(sed -n 's/.*: \([0-9]*\) documents added.*/\1/p' "$tmp/out2")
[ "$added" = $((N - before)) ] || fail "resume added $added, want $((N - before))"

# No document twice: distinct ids equal the count.
if command -v sqlite3 >/dev/null 2>&1; then
    d=$(sqlite3 "$tmp/c.db" "SELECT count(DISTINCT ext_id) FROM documents")
    [ "$d" = "$N" ] || fail "distinct ids $d"
    ok=$(sqlite3 "$tmp/c.db" "PRAGMA integrity_check")
    [ "$ok" = "ok" ] || fail "integrity: $ok"
fi

# The same input again (plain and compressed): nothing added.
"$W5" ingest --db "$tmp/c.db" --quiet "$tmp/docs.jsonl" "$tmp/docs.jsonl.gz" \
    > "$tmp/out3" 2>&1 || fail "third run exit"
grep -q ": 0 documents added, $((N * 2)) already stored" "$tmp/out3" ||
    fail "third run: $(cat "$tmp/out3")"
[ "$(count)" = "$N" ] || fail "count changed"

# Ctrl-C (SIGINT): stops reading, stores what was analysed, commits, says
# how many went in, and exits 130; the count in the database agrees.
"$W5" ingest --db "$tmp/i.db" --threads 1 --batch 20 --quiet "$tmp/docs.jsonl" \
    > "$tmp/out4" 2> "$tmp/err4" &
pid=$!
i=0
while [ $i -lt 400 ]; do
    c=$("$W5" query --db "$tmp/i.db" stats --format csv 2>/dev/null |
        awk -F, '$1 == "documents" { print $2; exit }')
    [ -n "$c" ] && [ "$c" -gt 0 ] && break
    sleep 0.05
    i=$((i + 1))
done
kill -INT $pid 2>/dev/null
wait $pid
rc=$?
pid=
stored=$("$W5" query --db "$tmp/i.db" stats --format csv |
         awk -F, '$1 == "documents" { print $2; exit }')
added=$(sed -n 's/.*: \([0-9]*\) documents added.*/\1/p' "$tmp/out4")
echo "interrupted with $stored of $N documents stored (exit $rc)"
[ "$stored" = "$added" ] || fail "SIGINT: stored $stored, summary says $added"
if [ "$stored" -lt "$N" ]; then
    [ $rc -eq 130 ] || fail "SIGINT exit $rc"
    grep -q "interrupted" "$tmp/err4" || fail "SIGINT message: $(cat "$tmp/err4")"
fi
exit 0
