from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_file(relative: str) -> Path:
    """A file of ../shared; missing data fails under CI and skips elsewhere."""
    path = SHARED / relative
    if not path.exists():
        message = f"shared data missing: {path} (CI needs ../shared beside the checkout)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def seeds() -> dict[str, str]:
    """The two raw seed documents, keyed 'reworded' and 'junk'."""
    return {
        "reworded": shared_file("seeds/000_e731bccc482f2f40.txt").read_text(encoding="utf-8"),
        "junk": shared_file("seeds/002_3edabc9831f43f0c.txt").read_text(encoding="utf-8"),
    }


@pytest.fixture(scope="session")
def analysed_sample() -> dict:
    """The sample corpus through the default pipeline, analysed once for every golden test."""
    from golden_support import analyse_sample

    return analyse_sample()
