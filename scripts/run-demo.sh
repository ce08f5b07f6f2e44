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
