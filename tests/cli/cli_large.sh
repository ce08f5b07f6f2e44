#!/bin/sh
# A large plain-text file is one document (not split, not truncated), and a
# JSONL stream of many lines gives one output document per line. Sizes are
# kept small enough for sanitizer builds; nothing here measures time.
W5=${W5:-build/w5}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# About 4 MB in 40000 paragraphs of one sentence each.
i=0
line='Kerry met Karzai in Brussels on Wednesday to talk about the border and the talks'
while [ $i -lt 40 ]; do printf '%s.\n\n' "$line"; i=$((i + 1)); done > "$tmp/p40"
for f in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp/p40"; done > "$tmp/p400"
for f in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp/p400"; done > "$tmp/p4k"
for f in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp/p4k"; done > "$tmp/big.txt"
bytes=$(wc -c < "$tmp/big.txt")

"$W5" tokenize --format json "$tmp/big.txt" > "$tmp/big.json" || fail "tokenize exit $?"
[ "$(wc -l < "$tmp/big.json")" -eq 1 ] || fail "not one document"
# the last token (".") ends before the final two newlines
grep -q "\"end\":$((bytes - 2)),\"text\":\".\"" "$tmp/big.json" || fail "last token offset"
"$W5" tokenize "$tmp/big.txt" | grep -c '^Kerry met Karzai' > "$tmp/n"
[ "$(cat "$tmp/n")" -eq 40000 ] || fail "sentences: $(cat "$tmp/n")"

# 20000 JSONL documents: one output line each
awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "{\"id\":\"d%d\",\"text\":\"Doc %d says hello.\"}\n", i, i }' \
    > "$tmp/many.jsonl"
"$W5" tokenize --format json "$tmp/many.jsonl" > "$tmp/many.json" || fail "jsonl exit $?"
[ "$(wc -l < "$tmp/many.json")" -eq 20000 ] || fail "jsonl documents: $(wc -l < "$tmp/many.json")"
tail -1 "$tmp/many.json" | grep -q '"id":"d20000"' || fail "last document id"
exit 0
