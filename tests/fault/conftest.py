"""Print the fault suite's figures in the test run's summary (so CI's log shows them)."""

from __future__ import annotations

from typing import Any

from tests.fault.figures import FIGURES


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section("fault suite figures (issue 17)")
    for group, outcomes in FIGURES.items():
        total = sum(n for outcome, n in outcomes.items() if not outcome.startswith("seed "))
        listed = ", ".join(f"{outcome}: {n}" for outcome, n in sorted(outcomes.items()))
        terminalreporter.write_line(f"{group}: {total} — {listed}")
