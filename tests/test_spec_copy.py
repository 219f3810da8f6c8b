"""The interchange spec is vendored in tests/spec/ so the tests run from any clone; it must not drift from the
team's shared copy, which other programs read."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SHARED_SPEC = HERE.parents[1] / "shared" / "spec"


@pytest.mark.parametrize("name", ["workbook.schema.json", "INTERCHANGE.md"])
def test_vendored_spec_equals_the_shared_spec(name: str) -> None:
    if not SHARED_SPEC.is_dir():
        pytest.skip("../shared/spec is not beside this clone (it is in CI)")
    assert (HERE / "spec" / name).read_bytes() == (SHARED_SPEC / name).read_bytes()
