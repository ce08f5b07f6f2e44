#!/bin/sh
# The JSON output validates against docs/w5-doc.schema.json: a document
# with every layer (tests/data/full-doc.json), `w5 analyze` on the
# reference article, `w5 tokenize` on awkward input (invalid UTF-8,
# control characters). Needs python3-jsonschema (scripts/install-deps.sh
# installs it); skipped only when it is missing.
W5=${W5:-build/w5}
SCHEMA=docs/w5-doc.schema.json
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Debian's python3-jsonschema is for /usr/bin/python3, which may not be
# the python3 first on PATH (pyenv and the like).
PY=python3
for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c 'import jsonschema' 2>/dev/null; then PY=$candidate; break; fi
done
if ! "$PY" -c 'import jsonschema' 2>/dev/null; then
    echo "python3-jsonschema is not installed"
    exit 77
fi

validate() { # validate FILE: every line is one document
    "$PY" - "$SCHEMA" "$1" <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
n = 0
with open(sys.argv[2], encoding="utf-8") as f:  # strict: must be UTF-8
    for lineno, line in enumerate(f, 1):
        doc = json.loads(line)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors[:5]:
            print("line %d: %s: %s" % (lineno, "/".join(map(str, e.path)), e.message))
        if errors:
            sys.exit(1)
        n += 1
if n == 0:
    print("no documents")
    sys.exit(1)
PY
}

# every layer, filled by hand in tests/test_output.c (its golden output)
validate tests/data/full-doc.json || fail "tests/data/full-doc.json does not follow the schema"

"$W5" analyze --format json --date 2013-04-24 examples/brussels.txt > "$tmp/brussels.json" \
    || fail "analyze exit $?"
validate "$tmp/brussels.json" || fail "analyze output does not follow the schema"

printf 'caf\351 \001 "quoted" back\\slash\ttab \355\240\200 end\n' > "$tmp/odd.txt"
printf '{"id":"j","title":"T\\u00e9","text":"a\\u0000b c"}\n' > "$tmp/odd.jsonl"
"$W5" tokenize --format json "$tmp/odd.txt" "$tmp/odd.jsonl" > "$tmp/odd.json" \
    || fail "tokenize exit $?"
validate "$tmp/odd.json" || fail "tokenize output does not follow the schema"
exit 0
