#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The library as a user gets it: installed into a prefix, then a small program built
# against it with pkg-config (shared, and the static archive with --static's flags)
# and with CMake's find_package; each converts seed 004 and says what its action 2.4's
# budget is.  libtailan.so may export the public API (tailan_*) alone, and the two
# cairo calls it takes over to render pages without their text (extract/pdf_page.c).
#   install_check.sh BUILD_DIR FIXTURES WORK
set -euo pipefail
build=$1 fix=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(dirname "$(find "$prefix" -name libtailan.so -print -quit)")
export PKG_CONFIG_PATH=$libdir/pkgconfig
want="2.4 budget: 132,32 сая ОНХС"
fail=0
check() { # name output
  if grep -qF "$want" <<<"$2" && grep -q "valid: 1" <<<"$2" && grep -q "csv: 45 records" <<<"$2"; then
    echo "ok: $1"
  else
    echo "FAIL: $1: $2"; fail=1
  fi
}
cc -o "$work/prog-shared" "$here/consumer/prog.c" $(pkg-config --cflags --libs tailan)
check "pkg-config, shared" "$(LD_LIBRARY_PATH=$libdir "$work/prog-shared" "$fix/seed004.pdf" 2.4)"
# The archive with exactly what `pkg-config --static` gives, the archive named in
# place of -ltailan (where both are installed, -ltailan alone picks the shared one).
cc -o "$work/prog-static" "$here/consumer/prog.c" $(pkg-config --cflags tailan) \
  $(pkg-config --static --libs tailan | sed "s|-ltailan|$libdir/libtailan.a|")
if ldd "$work/prog-static" | grep -q libtailan; then echo "FAIL: the static program loads libtailan.so"; fail=1; fi
check "pkg-config --static, the archive" "$("$work/prog-static" "$fix/seed004.pdf" 2.4)"
cmake -S "$here/consumer" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cmake" >/dev/null
check "CMake find_package" "$(LD_LIBRARY_PATH=$libdir "$work/cmake/prog" "$fix/seed004.pdf" 2.4)"
extra=$(nm -D --defined-only "$libdir/libtailan.so" | awk '{print $3}' | grep -v -e '^tailan_' -e '^cairo_show_glyphs$' -e '^cairo_glyph_path$' || true)
if [ -n "$extra" ]; then echo "FAIL: libtailan.so exports more than the API: $extra"; fail=1; else echo "ok: only tailan_* exported"; fi
exit $fail
