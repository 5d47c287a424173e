"""The HTML report, the docs site (where there is one) and the app in a real browser: headless Chromium via selenium.

The app is notebook 07 served by Voilà, started here as ``make app`` starts it (on a free loopback port): an
article typed into its text area is checked when its button is pressed.

Each page must load without console errors (SEVERE log entries), render every image (``naturalWidth`` > 0) and
resolve every in-page ``#anchor`` link to an element id; the report's ``<script type="application/ld+json">``
must parse as JSON with one ClaimReview per claim. Needs Debian's ``chromium`` and ``chromium-driver``
(``.ci/run`` installs them); without /usr/bin/chromium or /usr/bin/chromedriver every test here is skipped, or
fails where ``TRADEBALANCE_REQUIRE_BROWSER`` is set (``.ci/run`` sets it).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import tradebalance as tb
from tradebalance import claims, report

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
)
ROOT = Path(__file__).resolve().parents[1]
DOCS_INDEX = ROOT / "docs" / "_build" / "html" / "index.html"

#: What the page reports about itself: console errors, images, in-page links and their targets, JSON-LD.
INSPECT = """
const images = [...document.images].map(img => ({
    src: img.currentSrc.slice(0, 80), complete: img.complete, width: img.naturalWidth}));
const links = [...document.querySelectorAll('a[href]')]
    .filter(a => a.getAttribute('href').startsWith('#'))
    .map(a => decodeURIComponent(a.getAttribute('href').slice(1)));
const missing = [...new Set(links)].filter(id => id !== '' && id !== 'top'
    && !document.getElementById(id) && !document.getElementsByName(id).length);
const jsonld = [...document.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent);
return {title: document.title, images, links: links.length, missing, jsonld,
        height: document.documentElement.scrollHeight};
"""


def _driver(profile: Path) -> Any:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the test extra has it)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Headless Chromium with a fresh profile; skips where Chromium or its driver is not installed."""
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.is_file():
            reason = f"{path} not found: install the Debian package {package} (.ci/run does)"
            if os.environ.get("TRADEBALANCE_REQUIRE_BROWSER"):  # set by .ci/run: in CI the browser tests must run
                pytest.fail(reason)
            pytest.skip(reason)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager: never download a browser or driver
    driver = _driver(tmp_path_factory.mktemp("chromium-profile"))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def inspect(driver: Any, url: str, screenshot: Path | None = None) -> dict[str, Any]:
    """Open ``url``, wait for it to settle, and return what :data:`INSPECT` finds plus the console errors."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")  # drop entries of earlier pages
    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script(
            "return document.readyState === 'complete' && [...document.images].every(i => i.complete)"
        )
    )
    found: dict[str, Any] = driver.execute_script(INSPECT)
    found["errors"] = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    if screenshot is not None:
        driver.set_window_size(1280, min(int(found["height"]), 16000))
        driver.save_screenshot(str(screenshot))
        driver.set_window_size(1280, 1000)
    return found


def assert_page_is_sound(found: dict[str, Any], url: str) -> None:
    assert found["errors"] == [], f"console errors on {url}"
    broken = [i["src"] for i in found["images"] if not i["complete"] or i["width"] <= 0]
    assert broken == [], f"images that do not render on {url}"
    assert found["missing"] == [], f"in-page links without a target on {url}"


# ------------------------------------------------------------------------------------------------ the report


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    verdicts = [tb.check(c) for c in tb.load_claims(claims.seed_claims_path())]
    return report.write(verdicts, tmp_path_factory.mktemp("report")), verdicts


@pytest.fixture(scope="module")
def report_page(browser: Any, written: tuple[Path, list[Any]], tmp_path_factory: pytest.TempPathFactory) -> dict:
    index, _ = written
    shot = tmp_path_factory.mktemp("screenshots") / "report.png"
    return inspect(browser, index.as_uri(), shot) | {"screenshot": shot}


def test_report_loads_without_console_errors(report_page):
    assert report_page["title"] == "tradebalance: the seed claims checked"
    assert report_page["errors"] == []


def test_every_image_of_the_report_renders(report_page, written):
    _, verdicts = written
    images = report_page["images"]
    # the four story charts and one readings chart per evaluated claim
    assert len(images) == 4 + sum(1 for v in verdicts if v.evaluated)
    assert all(i["complete"] and i["width"] > 0 for i in images), images
    assert all(i["src"].startswith("data:image/png;base64,") for i in images)


def test_every_in_page_link_of_the_report_resolves(report_page, written):
    _, verdicts = written
    assert report_page["links"] >= len(verdicts)  # the summary table links each claim's section
    assert report_page["missing"] == []


def test_the_reports_json_ld_is_one_claimreview_per_claim(report_page, written):
    _, verdicts = written
    (block,) = report_page["jsonld"]
    reviews = json.loads(block)
    assert [r["@type"] for r in reviews] == ["ClaimReview"] * len(verdicts)
    assert [r["claimReviewed"] for r in reviews] == [v.claim.quote for v in verdicts]
    assert all(r["reviewRating"]["@type"] == "Rating" for r in reviews)


def test_the_report_screenshot_is_a_page_not_a_blank(report_page):
    shot = report_page["screenshot"]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000  # a blank page compresses to a few kB


# -------------------------------------------------------------------------------------------------- the docs


def docs_command() -> list[str] | None:
    """The command ``make docs`` runs (from ``make -n docs``), or None when the Makefile has no docs target."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    if not re.search(r"(?m)^docs\s*:", makefile) or shutil.which("make") is None:
        return None
    dry = subprocess.run(["make", "-n", "-C", str(ROOT), "docs"], capture_output=True, text=True, check=False)
    lines = [line for line in dry.stdout.splitlines() if "sphinx-build" in line]
    return shlex.split(lines[-1]) if lines else None


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs site's index: ``docs/_build/html`` if built, else built here by the Makefile's command."""
    if DOCS_INDEX.is_file():
        return DOCS_INDEX
    command = docs_command()
    if command is None:
        pytest.skip("no docs site: docs/_build/html/index.html is absent and the Makefile has no docs target")
    out = tmp_path_factory.mktemp("docs-html")
    command = [str(Path(sys.executable).parent / "sphinx-build") if c.endswith("sphinx-build") else c for c in command]
    if not Path(command[0]).is_file():
        pytest.skip("the docs target needs sphinx-build, which is not installed (pip install -e '.[docs]')")
    command[-1] = str(out)  # the Makefile's output folder (docs/_build/html), here a temporary one
    built = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)
    if built.returncode != 0 or not (out / "index.html").is_file():
        lines = (built.stdout + built.stderr).strip().splitlines()
        problems = [line.strip() for line in lines if "WARNING" in line or "ERROR" in line][:2] or lines[-1:]
        pytest.skip(
            f"the docs site did not build ({' '.join(command)}, exit {built.returncode}): {' | '.join(problems)}"
        )
    return out / "index.html"


#: Pages Sphinx writes by itself (the index of terms, the search page): not the site's own content.
GENERATED = ("genindex.html", "search.html", "py-modindex.html")


def docs_pages(index: Path, count: int = 2) -> list[Path]:
    """``count`` more pages of the site's own content, linked from its index, in link order."""
    html = index.read_text(encoding="utf-8")
    pages: list[Path] = []
    for href in re.findall(r'href="([^"#?]+\.html)(?:#[^"]*)?"', html):
        page = (index.parent / href).resolve()
        generated = page.name in GENERATED or "_static" in page.parts or "_sources" in page.parts
        if page != index.resolve() and page.is_file() and page not in pages and not generated:
            pages.append(page)
    return pages[:count]


def test_the_docs_site_opens_cleanly(browser, docs_site, tmp_path):
    pages = [docs_site, *docs_pages(docs_site)]
    assert len(pages) == 3, f"the docs index links {len(pages) - 1} other pages"
    for n, page in enumerate(pages):
        found = inspect(browser, page.as_uri(), tmp_path / f"docs-{n}.png" if n == 0 else None)
        assert found["title"], page
        assert_page_is_sound(found, page.as_uri())


# ------------------------------------------------------------------------------------ the annotated article


def test_the_annotated_article_opens_cleanly(browser, tmp_path):
    from tradebalance import article, report_article

    text = (
        "Japan and the United States agreed to expand trade.\n\nIn 2017, Japan’s trade surplus with the United "
        "States amounted to as much as about ¥7 trillion. Over 70 percent of the total was from automotive trade.\n"
    )
    url = "https://example.org/news/2018/09/26/japan-us-trade-talks"
    index = report_article.write_annotated(text, article.check_article(text, "2018-09-25", url=url), tmp_path, url=url)
    found = inspect(browser, index.as_uri())
    assert found["title"] == "tradebalance: an article checked"
    assert_page_is_sound(found, index.as_uri())
    assert found["links"] == 4  # each mark links its note, each note its mark
    (block,) = found["jsonld"]
    assert [r["itemReviewed"]["appearance"]["url"] for r in json.loads(block)] == [url] * 2


# --------------------------------------------------------------------------------------- the app (make app)

NOTEBOOK_07 = "notebooks/07-check-an-article.ipynb"
#: What the test types into the app's text area, and the rating it expects: the 2017 U.S. deficit with Japan
#: was $68.81 billion (Census), which "$68.8 billion" quotes to its rounding.
TYPED = "The U.S. trade deficit with Japan was $68.8 billion in 2017."


def app_command(port: int) -> tuple[list[str], dict[str, str]]:
    """The command ``make app`` runs (from ``make -n app``), with this interpreter's voila, and its environment."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed: the app's command is read from the Makefile's app target")
    dry = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "app", f"APP_PORT={port}"], capture_output=True, text=True, check=False
    )
    lines = [line for line in dry.stdout.replace("\\\n", " ").splitlines() if f" {NOTEBOOK_07} " in f" {line} "]
    assert lines, f"the Makefile's app target does not serve {NOTEBOOK_07}: {dry.stdout[-500:]}{dry.stderr[-500:]}"
    words = shlex.split(lines[-1])
    env = {}
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[0].endswith("voila"), words
    words[0] = str(Path(sys.executable).parent / "voila")
    return words, env


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``make app``'s Voilà server on a free loopback port, started here and stopped after the tests; yields its URL."""
    import time
    import urllib.request

    if not (Path(sys.executable).parent / "voila").is_file():
        reason = "voila is not installed (the notebooks extra has it: pip install -e '.[notebooks]')"
        if os.environ.get("TRADEBALANCE_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    port = _free_port()
    command, env = app_command(port)
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, cwd=ROOT, env=os.environ | env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}voila/static/voila.js", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"voila did not start ({' '.join(command)}):\n{log.read_text()[-2000:]}")
                time.sleep(0.2)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # voila and the kernels it started, in the session started for it
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_the_app_checks_an_article_typed_into_it(browser, app, tmp_path):
    """The page has no code; the text typed in is checked when the button is pressed, with no console errors."""
    import time

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def verdicts(driver: Any) -> list[str]:
        """The rows of the form's verdicts table (an HTML widget), read in one script: it is replaced on each check."""
        rows: list[str] = driver.execute_script(
            "return [...document.querySelectorAll('.widget-html table.tb-verdicts tr')].slice(1).map(r => r.innerText)"
        )
        return rows

    start = time.monotonic()
    browser.get_log("browser")  # drop entries of earlier pages
    browser.get(app)
    # the page runs the notebook: the form starts with the seed article, checked
    WebDriverWait(browser, 40).until(lambda d: len(verdicts(d)) == 4 and d.find_elements(By.TAG_NAME, "textarea"))
    page = browser.page_source
    assert "import ipywidgets" not in page and "def check(" not in page  # no code cells
    text = browser.find_element(By.TAG_NAME, "textarea")
    text.clear()
    text.send_keys(TYPED)
    (button,) = [b for b in browser.find_elements(By.TAG_NAME, "button") if b.text.strip() == "Check"]
    button.click()
    WebDriverWait(browser, 30).until(lambda d: len(verdicts(d)) == 1)
    (row,) = verdicts(browser)
    assert TYPED in row and "supported" in row and "[TRUE]" in row and "$68.81 billion" in row
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    browser.save_screenshot(str(tmp_path / "app.png"))
    assert errors == [], "console errors on the app's page"
    assert time.monotonic() - start < 60
