#!/bin/sh
# w5 tokenize: the default one-sentence-per-line output on small fixtures,
# a blank line between documents, offsets in JSON and CoNLL-U.
W5=${W5:-build/w5}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

printf 'Kerry met Karzai in Brussels\n' > "$tmp/a.txt"
printf '{"id":"d2","text":"Two words"}\n' > "$tmp/b.jsonl"

"$W5" tokenize "$tmp/a.txt" "$tmp/b.jsonl" > "$tmp/out" || fail "exit $?"
printf 'Kerry met Karzai in Brussels\n\nTwo words\n' > "$tmp/want"
cmp -s "$tmp/out" "$tmp/want" || { diff "$tmp/want" "$tmp/out"; fail "tokens output"; }

# stdin, and - as a file name
printf 'Kerry met Karzai in Brussels\n' | "$W5" tokenize > "$tmp/out" || fail "stdin exit"
printf 'Kerry met Karzai in Brussels\n' | cmp -s - "$tmp/out" || fail "stdin output"
printf 'Kerry met Karzai in Brussels\n' | "$W5" tokenize - > "$tmp/out2" || fail "- exit"
cmp -s "$tmp/out" "$tmp/out2" || fail "- output"

# JSON: one object per document and line, with offsets and metadata
"$W5" tokenize --format json "$tmp/a.txt" "$tmp/b.jsonl" > "$tmp/json" || fail "json exit"
[ "$(wc -l < "$tmp/json")" -eq 2 ] || fail "json lines: $(cat "$tmp/json")"
grep -q '"schema":"w5-doc/2"' "$tmp/json" || fail "schema field"
grep -q '{"i":2,"start":10,"end":16,"text":"Karzai"' "$tmp/json" || fail "token offsets"
grep -q '"id":"d2"' "$tmp/json" || fail "jsonl id"
grep -q "\"id\":\"$tmp/a.txt\"" "$tmp/json" || fail "file name as id"
sed -n 1p "$tmp/json" > "$tmp/j1"
"$W5" tokenize --format=jsonl "$tmp/a.txt" | cmp -s - "$tmp/j1" || fail "jsonl differs from json"

# CoNLL-U: offsets in MISC
"$W5" tokenize --format conllu "$tmp/b.jsonl" > "$tmp/conllu" || fail "conllu exit"
grep -q '^# newdoc id = d2$' "$tmp/conllu" || fail "newdoc"
grep -q '^# text = Two words$' "$tmp/conllu" || fail "text comment"
printf '2\twords\t_\t_\t_\t_\t_\t_\t_\tOffset=4-9\n' > "$tmp/line"
grep -qF "$(cat "$tmp/line")" "$tmp/conllu" || fail "conllu token line: $(cat "$tmp/conllu")"

# an HTML page: the article's text, title and date make the document
cat > "$tmp/page.html" <<'HTML'
<html><head><title>Site | Talks</title>
<meta property="og:title" content="Talks in Brussels">
<meta property="article:published_time" content="2013-04-24T10:00:00Z">
</head><body><nav>Home News Sport</nav>
<article><h1>Talks in Brussels</h1><p>Kerry met Karzai in Brussels</p></article>
<footer>Copyright</footer></body></html>
HTML
"$W5" tokenize --format json "$tmp/page.html" > "$tmp/html.json" || fail "html exit"
grep -q '"title":"Talks in Brussels"' "$tmp/html.json" || fail "html title: $(cat "$tmp/html.json")"
grep -q '"date":"2013-04-24' "$tmp/html.json" || fail "html date"
grep -q '"text":"Kerry"' "$tmp/html.json" || fail "html text"
grep -q 'Copyright\|Sport' "$tmp/html.json" && fail "html boilerplate kept"

# text: numbered sentences with offsets
"$W5" tokenize --format text "$tmp/a.txt" | grep -q '1\. \[0-28\] Kerry met Karzai in Brussels' \
    || fail "text format"
exit 0
