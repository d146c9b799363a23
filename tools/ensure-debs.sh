#!/bin/sh
# Install the given Debian packages when any is missing (used by `make site` / `make test`).
missing=""
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "error: missing Debian packages:$missing (run: apt-get install$missing as root)" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q $missing >/dev/null || {
  echo "error: apt-get could not install:$missing" >&2; exit 1; }
