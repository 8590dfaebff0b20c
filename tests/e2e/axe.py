"""Accessibility checks with axe-core, run inside the page under test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_SOURCE = Path(__file__).with_name("vendor") / "axe.min.js"

# WCAG 2.2 AA, which includes everything at A and AA in 2.0 and 2.1.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class AccessibilityViolations(AssertionError):
    def __init__(self, url: str, violations: list[dict[str, Any]]) -> None:
        self.violations = violations
        super().__init__(format_violations(url, violations))


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
    return "\n".join(lines)


def _inject(page: Page) -> None:
    if page.evaluate("() => typeof window.axe !== 'undefined'"):
        return
    # Evaluated over the DevTools protocol, so a Content-Security-Policy that forbids
    # inline scripts (as the site's should) does not stop the check.
    session = page.context.new_cdp_session(page)
    try:
        result = session.send(
            "Runtime.evaluate", {"expression": AXE_SOURCE.read_text(encoding="utf-8")}
        )
    finally:
        session.detach()
    if "exceptionDetails" in result:
        raise RuntimeError(f"axe-core failed to load: {result['exceptionDetails']}")


def run_axe(page: Page, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Run axe-core against the whole page and return its results; ``skip`` names rules
    not to run (each caller says why)."""
    _inject(page)
    options: dict[str, Any] = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    if skip:
        options["rules"] = {rule: {"enabled": False} for rule in skip}
    return page.evaluate("options => axe.run(document, options)", options)


def axe_check(page: Page, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Fail, listing every violation, unless axe-core finds no WCAG 2.2 A or AA problem."""
    results = run_axe(page, skip=skip)
    if results["violations"]:
        raise AccessibilityViolations(page.url, results["violations"])
    return results
