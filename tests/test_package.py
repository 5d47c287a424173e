"""The package as a user gets it: the sdist and the wheel build, and the wheel works installed away from the checkout.

``python -m build --no-isolation`` builds the sdist and then the wheel *from the sdist* (so the sdist is proven to
build); the wheel is installed with ``pip install --no-deps --target DIR``, and a fresh interpreter run from a folder
outside the repository imports it from DIR (its dependencies from this venv's site-packages, with ``-S`` so that the
checkout's editable install is not on the path) and finds the embedded data and the seed claims inside DIR.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE_PACKAGES = sysconfig.get_paths()["purelib"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist and the wheel built from it (offline: the build backend must be installed, as the test extra does)."""
    pytest.importorskip("build", reason="the build package is not installed (the test extra has it)")
    pytest.importorskip("hatchling", reason="hatchling is not installed (the test extra has it)")
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert (
        "Building wheel from sdist" in built.stdout + built.stderr
    )  # the wheel is built from the sdist, not from the tree
    (sdist,) = out.glob("tradebalance-*.tar.gz")
    (wheel,) = out.glob("tradebalance-*-py3-none-any.whl")
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def installed(dist: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(target)]
        + [str(dist["wheel"])],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def run(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter that sees only the installed wheel and this venv's dependencies."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join([str(target), SITE_PACKAGES])
    return subprocess.run(
        [sys.executable, "-S", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_sdist_holds_the_sources_data_and_seeds(dist):
    with tarfile.open(dist["sdist"]) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"pyproject.toml", "tradebalance/__init__.py", "data/datapackage.json", "seeds/claims.toml"} <= names
    assert "seeds/real-world.toml" in names and "README.md" in names


def test_the_wheel_carries_the_data_and_the_seeds_inside_the_package(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
    assert {
        "tradebalance/data/datapackage.json",
        "tradebalance/seeds/claims.toml",
        "tradebalance/seeds/real-world.toml",
        "tradebalance/claims/interactive.py",
        "tradebalance/py.typed",
    } <= names
    assert not any(n.startswith(("tests/", "notebooks/", "data/")) for n in names)


def test_the_installed_wheel_finds_its_data_and_claims_inside_its_folder(installed, tmp_path):
    code = """
import json, sys
import tradebalance
from tradebalance import claims
from tradebalance.store import package, paths
from tradebalance.store.paths import packaged
print(json.dumps({
    "module": tradebalance.__file__,
    "data": str(paths.data_dir()),
    "seeds": str(claims.seed_claims_path()),
    "claims": [c.id for c in claims.load_claims(claims.seed_claims_path())],
    "real_world": str(packaged("seeds", "real-world.toml")),
    "real_world_claims": len(claims.load_claims(packaged("seeds", "real-world.toml"))),
    "path": sys.path,
}))
"""
    done = run(installed, tmp_path, "-c", code)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    inside = installed.resolve()
    for key in ("module", "data", "seeds", "real_world"):
        assert inside in Path(found[key]).resolve().parents, f"{key} is not inside the installed folder: {found[key]}"
    assert (Path(found["data"]) / "datapackage.json").is_file()
    assert found["claims"] == [
        "surplus-2017",
        "auto-share-2017",
        "us-deficit-2017",
        "us-deficit-rank-2017",
        "auto-tariff-exposure-2017",
    ]
    assert found["real_world_claims"] >= 69
    assert str(ROOT) not in found["path"]  # the checkout (the editable install's .pth) is not on the path


def test_the_installed_command_checks_the_seed_claims(installed, tmp_path):
    done = run(installed, tmp_path, "-m", "tradebalance.cli", "check", "--format", "json")
    assert done.returncode == 0, done.stderr
    verdicts = json.loads(done.stdout)
    assert len(verdicts) == 5
    by_id = {v["id"]: v for v in verdicts}
    assert by_id["auto-share-2017"]["verdict"] == "supported"
    assert by_id["surplus-2017"]["rating"] == "true"
