#!/usr/bin/env bash
# Sets up a development environment on a fresh Debian/Ubuntu machine: the system libraries Qt needs (offscreen
# for the tests, and the xcb platform plugin so that the app opens on a real display), poppler for looking at PDF
# pages, then a virtual environment with the program and its test tools. Safe to run again: it installs only
# the libraries that are missing (by the shared library's name, as the dynamic linker looks for it).
set -euo pipefail
cd "$(dirname "$0")/.."

# shared library : Debian package that provides it
system_libraries=(
  # Qt itself, offscreen included
  libEGL.so.1:libegl1 libGL.so.1:libgl1 libxkbcommon.so.0:libxkbcommon0 libfontconfig.so.1:libfontconfig1
  libdbus-1.so.3:libdbus-1-3
  # Qt's xcb platform plugin (TECH-NOTES: without these "Could not load the Qt platform plugin xcb");
  # libxcb-cursor is loaded at run time by Qt 6.5 and newer, so ldd alone never reports it
  libxcb-cursor.so.0:libxcb-cursor0 libxcb-icccm.so.4:libxcb-icccm4 libxcb-keysyms.so.1:libxcb-keysyms1
  libxcb-image.so.0:libxcb-image0 libxcb-render-util.so.0:libxcb-render-util0 libxcb-randr.so.0:libxcb-randr0
  libxcb-shape.so.0:libxcb-shape0 libxcb-xinerama.so.0:libxcb-xinerama0 libxcb-xkb.so.1:libxcb-xkb1
  libxkbcommon-x11.so.0:libxkbcommon-x11-0 libX11-xcb.so.1:libx11-xcb1 libxcb-shm.so.0:libxcb-shm0
  libxcb-sync.so.1:libxcb-sync1 libxcb-xfixes.so.0:libxcb-xfixes0 libxcb-render.so.0:libxcb-render0
  libxcb-glx.so.0:libxcb-glx0 libSM.so.6:libsm6 libICE.so.6:libice6
)

installed=$(ldconfig -p 2>/dev/null || true)
need_apt=()
for pair in "${system_libraries[@]}"; do
  grep -qF "${pair%%:*} " <<<"$installed" || need_apt+=("${pair#*:}")
done
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "dev-setup: installing ${need_apt[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "dev-setup: please install these system packages (or your system's equivalents): ${need_apt[*]}" >&2
  fi
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test,build]"

# The app on a display needs every library of the xcb plugin; say plainly which are still missing.
xcb_plugin=$(echo .venv/lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so)
if [ -f "$xcb_plugin" ] && missing=$(ldd "$xcb_plugin" | grep "not found" | sort -u) && [ -n "$missing" ]; then
  echo "dev-setup: Qt's xcb plugin still misses libraries; the app will not open on a display:" >&2
  echo "$missing" >&2
fi
