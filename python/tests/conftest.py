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
    if os.environ.get("CHRONICLE_BIN"):
        path = os.environ["CHRONICLE_BIN"]
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    candidates = []
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
        if os.environ.get("CHRONICLE_BIN"):
            pytest.skip(f"CHRONICLE_BIN={os.environ['CHRONICLE_BIN']} is not an executable file")
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


def pytest_terminal_summary(terminalreporter):
    """Skipped tests said out loud, with their reasons, even under `-q`: a skipped
    equivalence test (no binary, no corpus) must not pass for a green one."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    terminalreporter.write_sep("-", f"{len(skipped)} test(s) NOT RUN")
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        terminalreporter.write_line(f"NOT RUN {report.nodeid}: {reason}")
