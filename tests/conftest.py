from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

#: Hypothesis profiles: "ci" (the env CI set) runs 100 examples a test, all property tests together in
#: well under a minute, each failure printed with the blob that reproduces it; "dev" (the default) runs
#: 50 and keeps failing examples in .hypothesis/ to replay first; "deep" (HYPOTHESIS_PROFILE=deep) runs
#: 2,000 for a long hunt. docs/reliability.md has the timings. Tests lift only the per-example deadline.
settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

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


def assert_holds_floors(key: str, measured: dict[str, float]) -> None:
    """``measured`` has exactly the metrics ``eval/floors.json`` pins under ``key``, each at or above its floor."""
    import json

    pinned = json.loads((Path(__file__).resolve().parents[1] / "eval" / "floors.json").read_text(encoding="utf-8"))[key]
    assert sorted(pinned) == sorted(measured)
    for metric, floor in sorted(pinned.items()):
        assert measured[metric] >= floor, f"{key} {metric} {measured[metric]} fell below its floor {floor}"


def assert_reproducible_build(script: str, names: list[str], committed: Path, tmp_path: Path) -> None:
    """Run ``scripts/<script> --out`` twice: both builds equal each other and the committed tables."""
    import filecmp
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    for out in (tmp_path / "a", tmp_path / "b"):
        done = subprocess.run([sys.executable, str(repo / "scripts" / script), "--out", str(out)],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", names, shallow=False)
    assert match == names, (mismatch, errors)
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", committed, names, shallow=False)
    assert match == names, f"committed tables differ from a fresh build: {mismatch or errors}; run scripts/{script}"


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


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """The path of a store filled from the bundled sample corpus by the default pipeline (as `tieline demo`),
    ingested once for the query and export tests; open it read-only in spirit, never write to it."""
    import tieline

    path = tmp_path_factory.mktemp("sample") / "sample.db"
    tieline.ingest([tieline.sample_path()], path, command="demo")
    return path
