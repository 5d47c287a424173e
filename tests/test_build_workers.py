"""A build killed with ``kill -9`` leaves no worker process behind, and the next build clears its scratch folder."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.builders import write_originals
from tradebalance.store import builder, workers

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or builder.BUILD_WORKERS < 2,
    reason="reads /proc (Linux), and needs a build in worker processes (two cores or more)",
)

#: A build of small originals whose every parse, in a worker process, waits ten minutes.
SLOW_BUILD = """
import sys, time
from pathlib import Path
from tradebalance.store import builder, workers
if sys.argv[1] == "watch":  # as where the kernel cannot be asked: the thread that watches the parent
    workers._killed_with_parent = lambda: False
builder.parse_original = lambda spec, path: time.sleep(600)
builder.build(Path(sys.argv[2]), Path(sys.argv[3]), datasets=["mof"], force=True)
"""


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, from ``/proc/<pid>/stat``."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by its new parent, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def until(condition: Callable[[], bool], timeout: float) -> bool:
    """Whether ``condition`` comes true within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def killed_mid_build(command: list[str], scratch_root: Path, tmp_path: Path) -> int:
    """Start ``command`` (a build), kill it with SIGKILL once its workers run, check what it leaves; its pid."""
    env = os.environ | {"TMPDIR": str(scratch_root), "TRADEBALANCE_CACHE_DIR": str(tmp_path / "cache")}
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    stdout = build.stdout
    assert stdout is not None
    output: queue.Queue[bytes] = queue.Queue()
    threading.Thread(target=lambda: output.put(stdout.read()), daemon=True).start()
    pool: set[int] = set()
    try:
        assert until(lambda: len(children(build.pid)) >= 2 and any(scratch_root.iterdir()), 60), "no workers started"
        time.sleep(0.5)  # the workers at work
        pool = children(build.pid)
        os.kill(build.pid, signal.SIGKILL)
        build.wait(10)
        assert until(lambda: not any(alive(pid) for pid in pool), 5), "workers outlived the killed build"
        output.get(timeout=5)  # its stdout reaches its end: no worker holds it open any more
    finally:
        for pid in pool:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if build.poll() is None:
            build.kill()
            build.wait(10)
    return build.pid


@pytest.mark.parametrize("how", ["kernel", "watch"])
def test_workers_of_a_killed_build_die_and_the_next_build_removes_its_scratch_folder(tmp_path, monkeypatch, how):
    originals = write_originals(tmp_path / "originals")
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    command = [sys.executable, "-c", SLOW_BUILD, how, str(originals), str(tmp_path / "out")]
    pid = killed_mid_build(command, scratch_root, tmp_path)
    left = [p.name for p in scratch_root.iterdir()]
    assert len(left) == 1 and left[0].startswith(f"tradebalance-build-{pid}-")  # named after the build

    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))
    builder.build(originals, tmp_path / "next", datasets=["fx"])
    assert list(scratch_root.iterdir()) == []


def test_workers_of_a_killed_data_build_command_die(shared, tmp_path):
    """``tradebalance data build --force --from`` the official files, killed while its workers parse them."""
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    command = [sys.executable, "-m", "tradebalance.cli", "data", "build", "--force", "--from", str(shared)]
    killed_mid_build([*command, "--out", str(tmp_path / "out")], scratch_root, tmp_path)


def test_only_the_scratch_folders_of_builds_that_are_gone_are_removed(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    gone, running = int(ended.stdout), os.getpid()
    for name in (f"tradebalance-build-{gone}-abc_12", f"tradebalance-build-{running}-def", "tradebalance-build-xyz"):
        (tmp_path / name).mkdir()
    (tmp_path / f"tradebalance-build-{gone}-file").write_text("not a folder")

    assert workers.remove_stale(tmp_path) == (f"tradebalance-build-{gone}-abc_12",)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"tradebalance-build-{running}-def", "tradebalance-build-xyz", f"tradebalance-build-{gone}-file"]
    )
