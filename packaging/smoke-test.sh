#!/usr/bin/env bash
# Runs the frozen bundle in an empty environment (no PATH, so no Python can be found): demo, validate,
# export to .pdf and .xlsx, and the selftest with a screenshot. Every step must succeed and write its file.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle="$PWD/dist/jixiao"
[ -x "$bundle/jixiao-cli" ] || { echo "no bundle: run packaging/build.sh first" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

frozen() {
  env -i PATH=/nonexistent HOME="$work" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen JIXIAO_HOME="$work/home" \
    "$bundle/jixiao-cli" "$@"
}

# What the bundle must carry besides code: layouts and frames with their parsed twins (start-up reads those), fonts
# with their licence, icons, the indicator library, and Qt's Chinese translations for its own dialogs.
for part in resources/templates/ah-project.toml resources/templates/ah-project.toml.json resources/frames/2020.toml \
    resources/frames/2020.toml.json resources/fonts/wqy-microhei.ttc resources/fonts/LICENSE-wqy-microhei.txt \
    resources/icons/jixiao.png resources/indicators/library.toml resources/help/guide.html PySide6/Qt/translations/qtbase_zh_CN.qm; do
  [ -f "$bundle/_internal/$part" ] || { echo "bundle lacks $part" >&2; exit 1; }
done

# reportlab's C accelerator (rl-accel) is a separate wheel that reportlab only tries to import: without it every
# export silently falls back to pure Python.
compgen -G "$bundle/_internal/_rl_accel*" >/dev/null || { echo "bundle lacks reportlab's _rl_accel" >&2; exit 1; }

frozen demo "$work/demo.jixiao"
# validate exits 1 when it finds errors, which the demo's published forms deliberately contain.
set +e; frozen validate "$work/demo.jixiao" > "$work/report.txt"; status=$?; set -e
[ "$status" -le 1 ] || { echo "validate failed with status $status" >&2; exit 1; }
grep -q "共 24 个项目" "$work/report.txt" || { echo "validate printed no report" >&2; exit 1; }
frozen export "$work/demo.jixiao" -o "$work/demo.pdf"
frozen export "$work/demo.jixiao" -o "$work/demo.xlsx"
frozen --selftest "$work/demo.jixiao" --screenshot "$work/main.png"
for f in demo.pdf demo.xlsx main.png; do
  [ -s "$work/$f" ] || { echo "missing $f" >&2; exit 1; }
done
head -c 5 "$work/demo.pdf" | grep -q '%PDF-' || { echo "demo.pdf is not a PDF" >&2; exit 1; }
echo "smoke test passed: demo, validate, export .pdf and .xlsx, selftest screenshot"
