#!/bin/sh
# w5 ingest reads folders recursively (text, JSONL, HTML; plain, gzip and
# zstd), and w5 query answers in table, JSON, CSV, GraphML and GEXF.
W5=${W5:-build/w5}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$tmp/in/sub" "$tmp/in/.hidden"
printf 'Talks in Brussels\n\nThe minister said "we made progress" in Brussels on Wednesday.\n' \
    > "$tmp/in/a.txt"
printf '<html><head><meta property="og:title" content="Harbour reopens">' > "$tmp/p.html"
printf '<meta name="date" content="2020-02-03"></head><body><nav>Menu Home</nav>' >> "$tmp/p.html"
printf '<article><p>The harbour of Ostend reopened on Monday.</p></article></body></html>' >> "$tmp/p.html"
gzip -c "$tmp/p.html" > "$tmp/in/sub/p.html.gz"
printf '{"id":"j1","date":"2020-02-04","title":"Rain","text":"Heavy rain fell over Ghent."}\n' > "$tmp/j.jsonl"
printf '{"id":"j2","date":"2020-02-05","title":"Sun","text":"The sun came back to Ghent."}\n' >> "$tmp/j.jsonl"
if command -v zstd >/dev/null 2>&1; then
    zstd -q -c "$tmp/j.jsonl" > "$tmp/in/sub/j.jsonl.zst"
else
    gzip -c "$tmp/j.jsonl" > "$tmp/in/sub/j.jsonl.gz"
fi
printf 'hidden\n' > "$tmp/in/.hidden/x.txt"

"$W5" ingest --db "$tmp/q.db" --date 2020-02-01 "$tmp/in" > "$tmp/out" 2> "$tmp/err" ||
    fail "ingest exit: $(cat "$tmp/err")"
grep -q ": 4 documents added" "$tmp/out" || fail "summary: $(cat "$tmp/out")"
[ -s "$tmp/err" ] && fail "stderr on a pipe: $(cat "$tmp/err")"

q() { "$W5" query --db "$tmp/q.db" "$@"; }
q stats --format csv > "$tmp/stats" || fail "stats exit"
grep -q '^documents,4$' "$tmp/stats" || fail "stats: $(cat "$tmp/stats")"
grep -q '^2020-02-01,2020-02-05,0$' "$tmp/stats" || fail "dates: $(cat "$tmp/stats")"

# Titles and dates: from the first line, the HTML meta, JSONL, --date.
q search harbour --format json > "$tmp/s" || fail "search exit"
grep -q '"title":"Harbour reopens"' "$tmp/s" || fail "html title: $(cat "$tmp/s")"
grep -q '"date":"2020-02-03"' "$tmp/s" || fail "html date"
grep -q '\[harbour\]' "$tmp/s" || fail "snippet highlight: $(cat "$tmp/s")"
grep -q 'Menu' "$tmp/s" && fail "navigation kept"
q search Brussels --format csv > "$tmp/s2" || fail "search csv"
grep -q 'Talks in Brussels' "$tmp/s2" || fail "text title: $(cat "$tmp/s2")"
q search 'Ghent' --format json | grep -q '"id":"j2"' || fail "zstd/gzip jsonl"
q search 'hidden' --format csv | grep -q 'hidden' && fail "hidden folder read"

# A query with nothing to find is not an error; a bad option is usage.
q quotes --about nothingatall --format json > "$tmp/qq" || fail "quotes exit"
grep -q '^{"quotes":\[\]}$' "$tmp/qq" || fail "empty quotes: $(cat "$tmp/qq")"
q quotes --since 2020-13 > /dev/null 2>&1
[ $? -eq 2 ] || fail "bad date should be a usage error"
q who > /dev/null 2>&1
[ $? -eq 2 ] || fail "who without a name"
q who Zebediah > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] || fail "unknown name exit"
grep -q 'no entity named' "$tmp/err" || fail "unknown name message"

# Networks are well-formed XML (possibly empty while NER has no model).
q network --format graphml > "$tmp/g.graphml" || fail "graphml exit"
q network --format gexf > "$tmp/g.gexf" || fail "gexf exit"
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$tmp/g.graphml" "$tmp/g.gexf" || fail "network XML"
fi
q network | head -1 | grep -q '^# nodes' || fail "network on a pipe is csv"
q stats > "$tmp/table" || fail "table"
grep -q '^counts' "$tmp/table" || fail "table output: $(cat "$tmp/table")"
exit 0
