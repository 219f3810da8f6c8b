"""The import contracts of pyproject.toml ([tool.importlinter]) hold: nothing below ui imports ui or cli, no import
cycles inside desktop, only the app entry point imports the main window. Run here too, so the README's test
command catches a forbidden import as soon as it is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "3 kept, 0 broken" in result.stdout
