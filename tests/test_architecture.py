"""The layering contract (pyproject.toml, `[tool.importlinter]`): each package imports
only the packages below it, nothing imports the demo, models import no rules, and no
modules import each other round in a cycle. Run here so `make test` enforces it; a
failure prints import-linter's report, which names each forbidden import and its line."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_packages_keep_their_layers():
    result = _lint()
    if result.returncode != 0:
        pytest.fail(f"The layering contract is broken:\n{result.stdout}\n{result.stderr}")
    assert "0 broken" in result.stdout


def test_the_contract_names_every_package():
    """A new package must be placed in the layers, or nothing checks what it imports."""
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in contracts["contracts"] if c["id"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.split("|")}
    packages = {
        f"scrutiny.{path.parent.name}" for path in (ROOT / "scrutiny").glob("*/__init__.py")
    }
    assert packages == placed


def test_people_reads_no_other_package():
    """People is below committees and reviews: its permission checks ask roles only."""
    import grimp

    graph = grimp.build_graph("scrutiny")
    modules = graph.find_descendants("scrutiny.people") | {"scrutiny.people"}
    imported = {i for m in modules for i in graph.find_modules_directly_imported_by(m)}
    assert {i for i in imported if not i.startswith(("scrutiny.people", "scrutiny.core"))} == set()
