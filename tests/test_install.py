"""Install hygiene: a production install (requirements.lock) pulls no test or lint tool,
and the development lock adds to the runtime's pins without repeating or changing them."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = {
    "pytest",
    "pytest-django",
    "pytest-xdist",
    "hypothesis",
    "time-machine",
    "playwright",
    "ruff",
    "import-linter",
    "aiosmtpd",
    "moto",
}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(path: Path) -> list[str]:
    """The project names a requirements file lists (pins or bare names), in order."""
    names = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.append(canonical(re.split(r"[\[<>=!~; ]", line, maxsplit=1)[0]))
    return names


def pins(path: Path) -> dict[str, str]:
    pinned = {}
    for line in path.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pinned[canonical(name)] = version.strip()
    return pinned


def test_the_runtime_lock_holds_no_test_or_lint_tool():
    runtime = set(pins(ROOT / "requirements.lock"))
    assert not runtime & TOOLS
    assert not set(requirement_names(ROOT / "requirements.in")) & TOOLS


def test_every_direct_dependency_is_pinned_in_its_lock():
    runtime = pins(ROOT / "requirements.lock")
    development = pins(ROOT / "requirements-dev.lock")
    assert set(requirement_names(ROOT / "requirements.in")) <= set(runtime)
    assert set(requirement_names(ROOT / "requirements-dev.in")) <= set(runtime) | set(development)
    assert set(development) >= TOOLS


def test_the_development_lock_builds_on_the_runtime_lock_without_repeating_it():
    lines = (ROOT / "requirements-dev.lock").read_text().splitlines()
    assert lines[0] == "-r requirements.lock"
    assert not set(pins(ROOT / "requirements-dev.lock")) & set(pins(ROOT / "requirements.lock"))
    assert "-r requirements.in" in (ROOT / "requirements-dev.in").read_text().splitlines()


def test_the_gunicorn_whitenoise_and_storage_packages_are_in_the_runtime():
    runtime = pins(ROOT / "requirements.lock")
    for name in ("gunicorn", "whitenoise", "django-storages", "boto3", "redis"):
        assert name in runtime, name
