"""How many examples a property test tries: its CI number, twenty times that in the long random run (README)."""

from __future__ import annotations

import os

LONG_RUN_FACTOR = 20


def examples(ci: int) -> int:
    """`ci` examples normally; LONG_RUN_FACTOR times as many under `HYPOTHESIS_PROFILE=long`."""
    return ci * LONG_RUN_FACTOR if os.environ.get("HYPOTHESIS_PROFILE") == "long" else ci
