"""docs/rules.md is the record of which function holds each rule and which tests prove it:
keep it true. Every function it names exists, every test it cites exists, and no function
is the home of two rules."""

import importlib
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
TICKED = re.compile(r"`([^`]+)`")
DOTTED = re.compile(r"^[a-z_]+(\.[A-Za-z_]+)+$")
BARE = re.compile(r"^[A-Za-z_][A-Za-z_0-9]*$")


def rule_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in (ROOT / "docs" / "rules.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("Rule", "---") and "`" in line:
            rows.append(tuple(cells))
    return rows


def resolve(dotted: str):
    """`reviews.cycle.next_reports` → the object, reading it as scrutiny.<module>.<names>;
    a bare module path resolves to the module."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module("scrutiny." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise LookupError(dotted)


def names_in(where: str) -> list[str]:
    """The functions a "Where" cell names, bare names read in the module named before them."""
    found, module = [], None
    for ticked in TICKED.findall(where):
        if DOTTED.match(ticked):
            obj = resolve(ticked)
            if isinstance(obj, ModuleType):
                module = ticked
            else:
                module = ticked.rsplit(".", 1)[0]
                found.append(ticked)
        elif BARE.match(ticked) and module is not None:
            found.append(f"{module}.{ticked}")
    return found


def test_the_document_has_rules():
    assert len(rule_rows()) > 20


@pytest.mark.parametrize("rule, where, tests", rule_rows(), ids=lambda v: v[:40])
def test_each_rule_names_functions_that_exist_and_tests_that_exist(rule, where, tests):
    for name in names_in(where):
        resolve(name)  # raises if the function has gone or moved
    cited = [t for t in TICKED.findall(tests) if t.startswith("tests/")]
    assert cited, f"no tests cited for: {rule[:80]}"
    for path in cited:
        assert (ROOT / path).exists(), f"{path} is cited but does not exist"


def test_no_rule_is_listed_twice():
    rows = rule_rows()
    rules = Counter(rule for rule, _, _ in rows)
    assert [r for r, n in rules.items() if n > 1] == []
    homes = Counter(name for _, where, _ in rows for name in set(names_in(where)))
    assert {n: c for n, c in homes.items() if c > 1} == {}
