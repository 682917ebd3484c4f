"""The accessibility walk's tools: axe-core from node_modules (never a CDN), the crawl of the
pages a role reaches from its menu, and the reflow measurement at narrow widths."""

import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULE_SETS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDE, NARROW = 1366, 320
# Links that answer with a file, not a page, or that end the session.
NOT_A_PAGE = re.compile(r"(/pdf/|/fil/|/export|\.xlsx|\.csv|\.pdf|registerutdrag|/logout|/status/$|/media/)")


def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: CI installs axe-core (scripts/ensure_axe.sh --required)")
        pytest.skip("axe-core is not installed (npm missing): run scripts/ensure_axe.sh")
    return AXE.read_text(encoding="utf-8")


ADMIN_APP_INDEX = re.compile(r"^/admin/[a-z_]+/$")


def pattern(path: str) -> str:
    """One representative per kind of page: /deltagare/person/17/ and /person/18/ are one page,
    and so are the admin's app indexes (/admin/auth/, /admin/cases/: one template, app_index.html,
    each a slice of the admin index's list of models, which is checked in full on its own)."""
    if ADMIN_APP_INDEX.match(path):
        return "/admin/APP/"
    return re.sub(r"/\d+(?=/)", "/N", path)


ADMIN_MODEL_PAGE = re.compile(r"^/admin/[a-z_]+/[a-z_]+/(?=(?:add/|N/change/)?$)")


def layout(path: str) -> str:
    """One representative per layout at a narrow width: for the site, each kind of page; for the
    admin, each of Django's admin templates (a model's list, its add form, its change form),
    whose narrow layout is the admin's own responsive CSS whatever the model — the model's
    columns and fields are checked on every page at the wide width."""
    kind = pattern(path)
    if kind.startswith("/admin/"):
        return ADMIN_MODEL_PAGE.sub("/admin/APP/MODEL/", kind)
    return kind


def links_in(page, base: str, scope: str) -> list[str]:
    hrefs = page.eval_on_selector_all(f"{scope} a[href]", "els => els.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        url = urljoin(page.url, href)
        parts = urlparse(url)
        if not url.startswith(base) or parts.query or NOT_A_PAGE.search(parts.path):
            continue
        found.append(parts.path)
    return found


def crawl(page, base: str, *, depth: int = 2, visit=None) -> list[str]:
    """The pages reachable from the menu, breadth first, one page per URL pattern, each at most
    `depth` clicks below a menu entry (links inside <main> only, the admin not included).
    `visit(path)` is called on each page while it is open (after its links are read), so a
    check needs no second load of it."""
    return _walk(page, base, "/", "header nav", "main", depth=depth, visit=visit)


def crawl_admin(page, base: str, *, visit=None) -> list[str]:
    """The admin: its index, one app index, every list and add page it links to, and the first
    object of each list."""
    return _walk(page, base, "/admin/", "#content-main", "#result_list tbody tr:first-child", depth=1, visit=visit)


def _walk(page, base, root, menu, scope, *, depth, visit) -> list[str]:
    admin = root == "/admin/"
    page.goto(base + root)
    start = [p for p in links_in(page, base, menu) if admin == p.startswith("/admin/")]
    seen, order, frontier = set(), [], [root] + start
    for level in range(depth + 1):
        following = []
        for path in frontier:
            key = pattern(path)
            if key in seen:
                continue
            seen.add(key)
            response = page.goto(base + path)
            if response is None or response.status != 200 or "text/html" not in response.headers.get(
                "content-type", ""
            ):
                continue
            order.append(path)
            if level < depth:
                following += [p for p in links_in(page, base, scope) if admin == p.startswith("/admin/")]
            if visit is not None:
                visit(path)
        frontier = following
    return order


def run_axe(page, source: str) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source)  # through the debugger protocol, so the page's CSP does not apply
    # preload: false — the stylesheets axe would fetch first serve only its experimental rules,
    # which the tag sets leave out.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],"
        " preload: false})",
        RULE_SETS,
    )
    return [
        {"rule": v["id"], "impact": v["impact"],
         "where": [", ".join(n["target"]) if isinstance(n["target"][0], str) else str(n["target"])
                   for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


# Whole page wider than the window, and scroll containers that are not named, focusable regions.
REFLOW = """() => {
  const doc = document.documentElement;
  const problems = [];
  if (doc.scrollWidth > doc.clientWidth + 1) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter(el => el.getBoundingClientRect().right > doc.clientWidth + 1 && !el.closest('.scroll'))
      .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : ''));
    problems.push(`page is ${doc.scrollWidth}px wide: ${wide.join(' ')}`);
  }
  // Form controls (a long multiple select) scroll by nature and are named by their label.
  for (const el of document.body.querySelectorAll('*:not(select):not(textarea)')) {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
    const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (!named || el.getAttribute('tabindex') !== '0' || el.getAttribute('role') !== 'region') {
      problems.push(`unnamed scroll container ${el.tagName.toLowerCase()}.${el.className}`);
    }
  }
  return problems;
}"""


def reflow_problems(page) -> list[str]:
    return page.evaluate(REFLOW)
