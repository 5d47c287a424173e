"""The documentation site: it builds offline with warnings as errors, and what is generated from the code and
the data is all there (every top-level name, every command and option, every dataset, every notebook).

The site is built once, into a temporary folder, the way ``make docs`` builds it. Sphinx is a dev dependency
(the ``docs`` extra, part of ``dev``): without it these tests fail rather than skip.
"""

from __future__ import annotations

import csv
import html
import json
import re
import time
from pathlib import Path

import pytest

import tradebalance
from tradebalance.cli import COMMANDS, DATA_COMMANDS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
#: Modules the API reference must document (besides the top-level names).
API_MODULES = ("claims", "plots", "fx", "mirror", "partners", "tariffs", "store", "sectors", "balances", "periods")

# Sphinx and its extensions announce their own future API changes while building: not this project's concern.
pytestmark = pytest.mark.filterwarnings("ignore::PendingDeprecationWarning", "ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        from sphinx.cmd.build import build_main
    except ImportError as exc:  # a dev dependency: missing is a broken environment, not a reason to skip
        pytest.fail(f"Sphinx is not importable ({exc}); install the dev extra: pip install -e '.[dev]'")
    out = tmp_path_factory.mktemp("docs-html")
    doctrees = tmp_path_factory.mktemp("docs-doctrees")
    started = time.perf_counter()
    status = build_main(
        ["-b", "html", "-E", "-n", "-W", "--keep-going", "-q", "-d", str(doctrees), str(DOCS), str(out)]
    )
    took = time.perf_counter() - started
    assert status == 0, "the docs did not build without warnings (run `make docs` to see them)"
    print(f"docs built in {took:.1f} s")
    return out


def page(site: Path, name: str) -> str:
    path = site / name
    assert path.is_file(), f"{name} was not built"
    return path.read_text(encoding="utf-8")


def text(markup: str) -> str:
    """The visible text of a page's article, tags removed."""
    article = re.search(r"<article[^>]*>(.*)</article>", markup, re.S)
    body = article.group(1) if article else markup
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_the_site_has_every_section(site):
    index = page(site, "index.html")
    for target in (
        "getting-started.html",
        "user-guide/index.html",
        "_generated/data-sources/index.html",
        "_generated/gallery/index.html",
        "_generated/api/index.html",
        "cli.html",
        "performance.html",
        "changelog.html",
    ):
        assert f'href="{target}"' in index, target
        assert (site / target).is_file(), target
    guide = page(site, "user-guide/index.html")
    for topic in ("loading", "balances", "sectors", "mirror", "claims", "refreshing", "environment"):
        assert f'href="{topic}.html"' in guide, topic
    assert "make check" in text(page(site, "getting-started.html")) and "make test" in text(
        page(site, "getting-started.html")
    )


def test_every_top_level_name_links_to_its_documentation(site):
    api = page(site, "_generated/api/index.html")
    for name in tradebalance.__all__:
        link = re.search(
            rf'<a class="reference internal" href="([^"#]+)#([^"]+)"[^>]*>(?:(?!</a>).)*?tradebalance\.{name}<',
            api,
            re.S,
        )
        assert link, f"tradebalance.{name} is not in the API reference"
        target = page(site, f"_generated/api/{link.group(1)}")
        anchor = re.search(
            rf'<dt class="sig[^"]*" id="{re.escape(link.group(2))}">.*?</dt>\s*<dd>(.*?)</dd>', target, re.S
        )
        assert anchor, f"tradebalance.{name}: {link.group(1)}#{link.group(2)} is not documented"
        assert text(anchor.group(1)).strip(), f"tradebalance.{name} has no docstring on {link.group(1)}"


@pytest.mark.parametrize("module", API_MODULES)
def test_each_module_has_its_api_page(site, module):
    markup = page(site, f"_generated/api/tradebalance.{module}.html")
    documented = re.findall(r'<dt class="sig sig-object py" id="(tradebalance\.[^"]+)">', markup)
    assert documented, f"tradebalance.{module}: no function or class documented"


def command_section(cli: str, program: str) -> str:
    """The part of the CLI page about one command (up to the next command's heading)."""
    anchor = "cli-" + program.replace(" ", "-")
    start = cli.find(f'id="{anchor}"')
    assert start >= 0, f"`{program}` is not in the CLI reference"
    following = [m.start() for m in re.finditer(r'<section id="cli-', cli) if m.start() > start]
    return cli[start : following[0] if following else len(cli)]


def test_every_command_and_option_is_in_the_cli_reference(site):
    cli = page(site, "cli.html")
    for program, commands in (("tradebalance", COMMANDS), ("tradebalance data", DATA_COMMANDS)):
        for command in commands:
            section = command_section(cli, f"{program} {command.name}")
            flags = [flag for arg in command.args for flag in arg.flags]
            flags += ["--format"] if command.formats else []
            for flag in flags:
                assert f'<span class="pre">{flag}</span>' in section, f"{program} {command.name} {flag}"


def test_every_dataset_has_its_data_source_page(site):
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    overview = page(site, "_generated/data-sources/index.html")
    for resource in package["resources"]:
        dataset = resource["dataset"]
        base = dataset.partition("@")[0]  # an earlier download is listed on its dataset's page
        assert f'href="{base}.html"' in overview, base
        content = text(page(site, f"_generated/data-sources/{base}.html"))
        assert dataset in content, f"{dataset} is not on {base}.html"
        assert resource["sources"][0]["retrieved"] in content, resource["name"]
        if "@" not in dataset:
            assert resource["name"] in content, resource["name"]
            assert resource["attribution"] in content, resource["name"]
            assert all(lic["title"] in content for lic in resource["licenses"]), resource["name"]
            assert "Units" in content and "Valuation" in content


def test_the_sector_definitions_are_generated_from_the_data(site):
    content = text(page(site, "_generated/data-sources/sectors.html"))
    with (ROOT / "data" / "sectors" / "definitions.csv").open(encoding="utf-8") as f:
        definitions = [row["definition"] for row in csv.DictReader(f)]
    with (ROOT / "data" / "sectors" / "vocabulary.csv").open(encoding="utf-8") as f:
        names = {row["name"] for row in csv.DictReader(f)}
    assert [d for d in definitions if d not in content] == []
    assert sorted(n for n in names if n not in content) == []


def test_every_notebook_is_in_the_gallery_with_its_stored_outputs(site):
    gallery = page(site, "_generated/gallery/index.html")
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for notebook in notebooks:
        assert f'href="{notebook.stem}.html"' in gallery, notebook.name
        rendered = page(site, f"_generated/gallery/{notebook.stem}.html")
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        images = sum("image/png" in o.get("data", {}) for c in cells for o in c.get("outputs", []))
        assert rendered.count("<img") >= images, f"{notebook.name}: {images} stored images not all rendered"


def test_the_changelog_has_this_version(site):
    content = text(page(site, "changelog.html"))
    assert f"[{tradebalance.__version__}]" in content
    assert "0.1.0" in content


def test_the_performance_page_has_the_latest_results(site):
    content = text(page(site, "performance.html"))
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    for target in results["targets"]:
        assert target["what"] in content, target["target"]
