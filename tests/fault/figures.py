"""The fault suite's figures (kills, imports, outcomes), printed at the end of the test run (conftest.py)."""

from __future__ import annotations

import os
import random
from collections import Counter

FIGURES: dict[str, Counter[str]] = {}

# Fixed by default so CI runs the same inputs every time; JIXIAO_FAULT_SEED=random (or a number) varies them.
_SEED = os.environ.get("JIXIAO_FAULT_SEED", "17")


def rng(name: str) -> random.Random:
    """A random generator for one part of the suite, reproducible from the seed it reports."""
    seed = random.randrange(2**32) if _SEED == "random" else int(_SEED)
    count(name, f"seed {seed}")
    return random.Random(f"{seed}:{name}")


def count(group: str, outcome: str, n: int = 1) -> None:
    """Record `n` occurrences of `outcome` in `group`."""
    FIGURES.setdefault(group, Counter())[outcome] += n
