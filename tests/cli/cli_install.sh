#!/bin/sh
# `make install PREFIX=...` puts the library, header, pkg-config file, man
# page, binary and models in place; a small program compiles and links
# against the installed copy with `pkg-config --cflags --libs w5` and runs;
# the installed w5 finds its models. Runs on the default build only (a
# sanitizer build's library needs the sanitizer runtime to link).
W5=${W5:-build/w5}
BUILD=${BUILD:-build}
[ "$BUILD" = build ] || { echo "install test runs on the default build only"; exit 77; }
command -v pkg-config > /dev/null || { echo "pkg-config is not installed"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
prefix=$tmp/inst

# make check built everything: "-o all" only copies files, never rebuilds
# (others may be editing sources in a shared tree meanwhile).
env -u MAKEFLAGS -u MFLAGS make --no-print-directory -o all install \
    BUILD="$BUILD" PREFIX="$prefix" \
    > "$tmp/install.log" 2>&1 || { tail -20 "$tmp/install.log"; fail "make install"; }
for f in include/w5.h lib/libw5.a lib/libw5.so lib/pkgconfig/w5.pc \
         share/man/man1/w5.1 bin/w5; do
    [ -e "$prefix/$f" ] || fail "$f not installed"
done
"$prefix/bin/w5" --version | grep -q '^w5 ' || fail "installed w5 --version"

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
flags=$(pkg-config --cflags --libs w5) || fail "pkg-config w5"
echo "$flags" | grep -q -- "-I$prefix/include" || fail "cflags: $flags"
[ "$(pkg-config --modversion w5)" = "$("$prefix/bin/w5" --version | cut -d' ' -f2)" ] \
    || fail "pkg-config version differs from w5 --version"

cat > "$tmp/hello.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <w5.h>

int main(void)
{
    const char *text = "Kerry met Karzai in Brussels on Wednesday.";
    w5_doc *doc = NULL;
    w5_error err;
    char *json = NULL;
    if (w5_doc_new(text, strlen(text), &doc, &err) != W5_OK ||
        w5_analyze(NULL, doc, W5_STAGE_TOKENS | W5_STAGE_SENTENCES, &err) != W5_OK ||
        w5_doc_write(doc, W5_FORMAT_JSON, &json, NULL, &err) != W5_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    printf("%s %zu %s\n", w5_version(), w5_doc_token_count(doc),
           strstr(json, "\"schema\":\"w5-doc/2\"") ? "json" : "nojson");
    w5_free(json);
    w5_doc_free(doc);
    return 0;
}
C
cc -std=c11 -Wall -Werror -o "$tmp/hello" "$tmp/hello.c" $flags || fail "compile against installed lib"
out=$(LD_LIBRARY_PATH="$prefix/lib" "$tmp/hello") || fail "run: $out"
echo "$out" | grep -Eq '^[0-9.]+ [1-9][0-9]* json$' || fail "program output: $out"
# Static linking with the private dependencies.
cc -std=c11 -o "$tmp/hello-static" "$tmp/hello.c" -I"$prefix/include" \
    "$prefix/lib/libw5.a" $(pkg-config --static --libs-only-l w5 | sed 's/-lw5//') \
    || fail "static link"
"$tmp/hello-static" > /dev/null || fail "static run"

# The installed command finds its models next to itself (share/w5/models).
printf 'Kerry met Karzai.\n' > "$tmp/a.txt"
W5_MODEL_DIR= "$prefix/bin/w5" analyze --format json "$tmp/a.txt" > "$tmp/a.json" 2> "$tmp/a.err" \
    || fail "installed analyze: $(cat "$tmp/a.err")"
grep -q '"schema":"w5-doc/2"' "$tmp/a.json" || fail "installed analyze output"
exit 0
