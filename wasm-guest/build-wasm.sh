#!/usr/bin/env bash
# Builds wasm-guest/src/main/wasm/radicchio-guest.wasm from QuickJS 2025-04-26 and the C shim in c/.
#
#   ./build-wasm.sh           rebuild and replace the committed module
#   ./build-wasm.sh --check   rebuild into a scratch folder and fail if it differs from the committed one
#
# The QuickJS source is Debian's `quickjs` source package (suite trixie), pinned by sha256 below.
# The toolchain is Debian's clang, lld, wasi-libc and libclang-rt-dev-wasm32; they are installed
# with apt-get when missing. The output is byte-for-byte reproducible on the same toolchain:
# no timestamps, no absolute paths (file-prefix-map), no debug sections.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-build}
QJS_VERSION=2025.04.26
QJS_TARBALL=quickjs_${QJS_VERSION}.orig.tar.xz
QJS_SHA256=ec81da5b3249ed648dbc7df4a1654988910e66a118d9b71cb63534216efcfbbe
committed=$here/src/main/wasm/radicchio-guest.wasm
work=$here/target/wasm-build
mkdir -p "$work"

need_install=()
command -v clang >/dev/null || need_install+=(clang)
command -v wasm-ld >/dev/null || need_install+=(lld)
[ -e /usr/include/wasm32-wasi/stdlib.h ] || need_install+=(wasi-libc)
ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1 || need_install+=(libclang-rt-dev-wasm32)
if [ ${#need_install[@]} -gt 0 ]; then
  echo "installing toolchain: ${need_install[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${need_install[@]}"
fi

# Fetch the pinned QuickJS source through apt with a private sources list, so the machine's own
# apt configuration is left alone.
tarball=$work/$QJS_TARBALL
if [ ! -f "$tarball" ] || ! echo "$QJS_SHA256  $tarball" | sha256sum -c --status; then
  apt_dir=$work/apt
  mkdir -p "$apt_dir/lists/partial"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" > "$apt_dir/sources.list"
  apt_opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=-"
            -o "Dir::State::Lists=$apt_dir/lists" -o "APT::Get::List-Cleanup=0")
  apt-get "${apt_opts[@]}" update -q
  (cd "$work" && apt-get "${apt_opts[@]}" source --download-only "quickjs=${QJS_VERSION}-1")
fi
echo "$QJS_SHA256  $tarball" | sha256sum -c --status || { echo "sha256 mismatch for $tarball" >&2; exit 1; }

src=$work/quickjs-$QJS_VERSION
rm -rf "$src"
tar -xf "$tarball" -C "$work"
(cd "$src" && for p in "$here"/patches/*.patch; do patch -s -p1 < "$p"; done)

out_dir=$work/out
mkdir -p "$out_dir"
out=$out_dir/radicchio-guest.wasm

# -DEMSCRIPTEN: no computed goto (wasm has no indirect branch), no atomics, no malloc_usable_size.
# RADICCHIO_STACK_CHECK (patches/stack-check.patch) keeps QuickJS's stack limit, so deep recursion
# is a RangeError rather than a trap.
cflags=(--target=wasm32-wasi -O2 -mbulk-memory -mmutable-globals -mnontrapping-fptoint -msign-ext
        -fno-strict-aliasing -fwrapv -ffile-prefix-map="$work"=. -ffile-prefix-map="$here"=.
        -D_GNU_SOURCE -DEMSCRIPTEN -DRADICCHIO_STACK_CHECK -DCONFIG_VERSION=\"2025-04-26\"
        -I"$here/c/include" -I"$src" -Wno-everything)
ldflags=(-mexec-model=reactor -Wl,--gc-sections -Wl,--strip-all -Wl,-z,stack-size=1048576
         -Wl,--max-memory=2147483648)

objs=()
for f in quickjs libregexp libunicode cutils dtoa; do
  clang "${cflags[@]}" -c "$src/$f.c" -o "$work/$f.o"
  objs+=("$work/$f.o")
done
for f in "$here"/c/*.c; do
  o=$work/shim-$(basename "$f" .c).o
  clang "${cflags[@]}" -Wall -c "$f" -o "$o"
  objs+=("$o")
done
# Link at -O0: objects are already optimised, and clang's driver would otherwise run binaryen's
# wasm-opt whenever one happens to be on PATH, making the output depend on the machine.
clang "${cflags[@]}" -O0 "${ldflags[@]}" "${objs[@]}" -o "$out"

if [ "$mode" = "--check" ]; then
  if cmp -s "$out" "$committed"; then
    echo "reproducible: $(sha256sum "$out" | cut -d' ' -f1)"
  else
    echo "the committed $committed differs from a fresh build ($(sha256sum "$out" | cut -d' ' -f1))" >&2
    exit 1
  fi
else
  mkdir -p "$(dirname "$committed")"
  cp "$out" "$committed"
  echo "wrote $committed ($(stat -c %s "$committed") bytes, sha256 $(sha256sum "$committed" | cut -d' ' -f1))"
fi
