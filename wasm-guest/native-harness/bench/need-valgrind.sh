# Sourced by icount.sh and count.sh: installs valgrind (Debian package) when it is missing.
if ! command -v valgrind >/dev/null 2>&1; then
  echo "== installing valgrind (Debian package)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q valgrind >/dev/null; else sudo apt-get install -y -q valgrind >/dev/null; fi
fi
