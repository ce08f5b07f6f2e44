#!/bin/sh
# The main job on the bundled sample: analyse examples/*.txt and print a
# readable summary. $1 = the w5 binary. The reference article was
# published on 2013-04-24 ("Wednesday" is resolved against that date).
set -e
W5=${1:-build/w5}
"$W5" --version
for f in examples/*.txt; do
    echo
    echo "== $f"
    case $(basename "$f") in
    brussels.txt) "$W5" analyze --format text --date 2013-04-24 "$f" ;;
    *) "$W5" analyze --format text "$f" ;;
    esac
done

# The corpus store: ingest the examples (the reference article and a few
# invented follow-ups that mention the same people) into a fresh database,
# then ask it for counts and about its most salient person.
DB=${W5_DEMO_DB:-w5.db}
echo
echo "== w5 ingest examples/ into $DB (a fresh database)"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$W5" ingest --db "$DB" --date 2013-04-24 examples/
echo
echo "== w5 query --db $DB stats"
"$W5" query --db "$DB" stats
who=$("$W5" query --db "$DB" stats --format csv |
      awk '/^# most salient people/ { f = 1; next }
           f == 1 { f = 2; next }
           f == 2 && NF { print; exit }' |
      sed -e 's/^"\([^"]*\)".*/\1/' -e 's/,.*//')
if [ -n "$who" ]; then
    echo
    echo "== w5 query --db $DB who \"$who\""
    "$W5" query --db "$DB" who "$who"
fi
