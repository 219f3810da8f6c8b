#!/usr/bin/env bash
# Builds the one-folder bundle dist/jixiao/ (Linux) and prints its size. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pyinstaller ] || bash packaging/dev-setup.sh
rm -rf build/jixiao dist/jixiao
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build packaging/jixiao.spec
echo "bundle: dist/jixiao ($(du -sh dist/jixiao | cut -f1))"
