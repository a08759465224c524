"""Shared fixtures: the `chronicle` binary (for archives made by `chronicle ingest`), the
repository's example articles and the shared corpora (tests skip when absent)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
REUTERS = SHARED_DATA / "reuters21578" / "reuters21578.jsonl.gz"


def chronicle_bin():
    """The `chronicle` binary: $CHRONICLE_BIN, else a cargo build of this checkout, else PATH."""
    candidates = [os.environ.get("CHRONICLE_BIN")]
    target = os.environ.get("CARGO_TARGET_DIR") or str(REPO / "target")
    candidates += [os.path.join(target, p, "chronicle") for p in ("release", "fast", "debug")]
    candidates.append(shutil.which("chronicle"))
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


@pytest.fixture(scope="session")
def chronicle_cli():
    path = chronicle_bin()
    if path is None:
        pytest.skip("the chronicle binary is not built (cargo build --release, or set CHRONICLE_BIN)")
    return path


@pytest.fixture(scope="session")
def example_archive(chronicle_cli, tmp_path_factory):
    db = tmp_path_factory.mktemp("archive") / "examples.db"
    subprocess.run(
        [chronicle_cli, "ingest", "--db", str(db), "--quiet", str(REPO / "examples" / "articles")],
        check=True,
        capture_output=True,
    )
    return db


@pytest.fixture(scope="session")
def reuters_path():
    if not REUTERS.exists():
        pytest.skip(f"{REUTERS} is absent (the shared corpora are not checked out beside the repository)")
    return REUTERS
