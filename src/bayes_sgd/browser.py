"""Open every page of a built book in headless Chromium, served on localhost.

Reports images that did not load, internal links that lead nowhere, console errors,
a path of the build machine shown to readers, table cells cut short ("..."), tables that show
a pandas index column, code names as headers, or run past the text column without scrolling;
saves screenshots. Chromium runs with the flags that keep it offline.
"""
from __future__ import annotations

import functools
import http.server
import threading
import urllib.parse
import urllib.request
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
OFFLINE_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions", "--window-size=1280,1600")


@contextmanager
def serve(folder: Path):
    """An HTTP server for folder on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def chromium(profile_dir: Path):
    """A Selenium driver for Debian's headless Chromium, with browser console logging."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            raise FileNotFoundError(f"{path} is missing: install Debian's chromium and chromium-driver "
                                    "(`make browser` does it)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in OFFLINE_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)


@functools.cache
def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read()
            kind = response.headers.get_content_type()
            return response.status, body.decode("utf-8", "replace") if kind == "text/html" else ""
    except urllib.error.HTTPError as error:
        return error.code, ""


# What a reader should never see: found in the rendered page by the browser itself.
READER_CHECKS = r"""
const problems = [];
const path = document.body.innerText.match(/(?:^|[\s`'"(=])((?:\/tmp|\/work|\/root|\/home|\/Users)\/[^\s`'")]+)/);
if (path) problems.push('shows a path of the build machine: ' + path[1]);
for (const cell of document.querySelectorAll('td, th')) {
  const text = cell.innerText.trim();
  if (text === '...' || text === '…' || text.endsWith('...')) problems.push('table cell cut short: ' + text.slice(-60));
}
const column = document.querySelector('article') || document.body;
const scrolls = el => { for (; el && el !== column; el = el.parentElement) {
  if (['auto', 'scroll'].includes(getComputedStyle(el).overflowX)) return true; } return false; };
for (const table of document.querySelectorAll('table')) {
  const headers = Array.from(table.querySelectorAll('thead th')).map(th => th.innerText.trim());
  if (table.querySelector('tbody th') || (headers.length > 1 && headers[0] === ''))
    problems.push('table shows an index column: ' + headers.slice(0, 4).join(' | '));
  const coded = headers.filter(h => /^[a-z0-9]+(_[a-z0-9]+)+$/.test(h));
  if (coded.length) problems.push('table headers are code names: ' + coded.join(', '));
  const right = column.getBoundingClientRect().right;
  if (table.getBoundingClientRect().right > right + 1 && !scrolls(table.parentElement))
    problems.push('table cut at the text column\'s edge: ' + headers.slice(0, 4).join(' | '));
}
return problems;
"""


def check_page(driver, url: str, base: str) -> list[str]:
    """Problems on one page: unloaded images, dead internal links and anchors, console errors,
    and what READER_CHECKS finds (machine paths, cut cells, index columns)."""
    driver.get(url)
    problems = [f"{url}: {p}" for p in driver.execute_script(READER_CHECKS)]
    broken = driver.execute_script(
        "return Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src);")
    problems += [f"{url}: image did not load: {src}" for src in broken]
    links = driver.execute_script("return Array.from(document.querySelectorAll('a[href]')).map(a => a.href);")
    for link in sorted(set(links)):
        if not link.startswith(base):
            continue  # external: not followed, the build must work offline
        target, _, fragment = link.partition("#")
        status, html = _fetch(target)
        if status != 200:
            problems.append(f"{url}: link leads nowhere ({status}): {link}")
        elif fragment and html:
            parser = _Anchors()
            parser.feed(html)
            if urllib.parse.unquote(fragment) not in parser.ids:
                problems.append(f"{url}: anchor #{fragment} is not on {target}")
    for entry in driver.get_log("browser"):
        if entry["level"] == "SEVERE":
            problems.append(f"{url}: console error: {entry['message']}")
    return problems


def check_book(html: Path, screenshots: Path) -> tuple[list[str], list[Path]]:
    """Open every page of the book; returns the problems found and the pages visited."""
    import tempfile

    html = Path(html)
    pages = sorted(p for p in html.rglob("*.html") if not {"_static", "_sources", "_sphinx_design_static"} & set(p.parts))
    screenshots.mkdir(parents=True, exist_ok=True)
    problems = []
    with serve(html) as base, tempfile.TemporaryDirectory() as profile:
        driver = chromium(Path(profile))
        try:
            for page in pages:
                url = base + page.relative_to(html).as_posix()
                problems += check_page(driver, url, base)
                if page.name in ("intro.html", "deviations.html") or page.stem.startswith("fig"):
                    driver.save_screenshot(str(screenshots / f"{page.stem}.png"))
        finally:
            driver.quit()
    return problems, pages


# Where each text first appears, and whether it starts above the window's bottom edge without scrolling.
FOLD = """
const [texts] = arguments;
const nodes = Array.from(document.querySelectorAll('main strong, main p, main li, main h1, main h2'));
return texts.flatMap(text => {
  const node = nodes.find(n => n.innerText.includes(text));
  if (!node) return [`not on the page: ${text}`];
  const top = node.getBoundingClientRect().top;
  return top < window.innerHeight ? [] : [`below the first screen (${Math.round(top)} px of ${window.innerHeight}): ${text}`];
});
"""
FIRST_SCREEN = (1280, 900)  # a laptop's window


def check_first_screen(html: Path, page: str, texts: list[str], size: tuple[int, int] = FIRST_SCREEN) -> list[str]:
    """The texts a reader of that page of the book, in a window of that size, does not see before
    scrolling: missing, or starting below the window's bottom edge."""
    import tempfile

    with serve(Path(html)) as base, tempfile.TemporaryDirectory() as profile:
        driver = chromium(Path(profile))
        try:
            driver.set_window_size(*size)
            driver.get(base + page)
            return driver.execute_script(FOLD, texts)
        finally:
            driver.quit()
