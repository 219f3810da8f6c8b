#!/usr/bin/env bash
# Builds the one-folder bundle dist/jixiao/ (Linux) and prints its size. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pyinstaller ] || bash packaging/dev-setup.sh
rm -rf build/jixiao dist/jixiao
# The X11 (xcb) platform plugin's optional libraries are absent on a headless build machine; those warnings are
# expected and drowned everything else, so they are filtered out.
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build packaging/jixiao.spec 2>&1 \
  | { grep -v "Library not found: could not resolve 'libxcb" || true; }
echo "bundle: dist/jixiao ($(du -sh dist/jixiao | cut -f1))"
