"""The production path as documented: every environment variable the settings read is in
deploy/scrutiny.env.example (and nothing else is), `check --deploy` is clean with that
environment, and deploy/'s nginx site and systemd units agree with the settings."""

import ast
import configparser
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = sorted((ROOT / "config" / "settings").glob("*.py"))
TEMPLATE = ROOT / "deploy" / "scrutiny.env.example"
NGINX_SITE = ROOT / "deploy" / "nginx" / "scrutiny.conf"
UNITS = ROOT / "deploy" / "systemd"
ENV_HELPERS = {"env_bool", "env_list"}  # config.settings.base: (name, default)
# Read by manage.py and config/wsgi.py to choose the settings, not by the settings.
CHOOSES_THE_SETTINGS = {"DJANGO_SETTINGS_MODULE"}
ASSIGNMENT = re.compile(r"^(#?)([A-Z][A-Z0-9_]*)=(.*)$")


def variables_read(path: Path) -> set[str]:
    """Names the module reads from the environment: os.environ.get/[]/in, os.getenv and the
    settings' env helpers. A name that is not a literal fails, so none can hide."""
    names = set()
    tree = ast.parse(path.read_text(), str(path))
    helpers = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    inside_helpers = {
        id(inner) for h in helpers if h.name in ENV_HELPERS for inner in ast.walk(h)
    }  # the helpers read the name they are given
    for node in ast.walk(tree):
        if id(node) in inside_helpers:
            continue
        argument = None
        if isinstance(node, ast.Call):
            function = ast.unparse(node.func)
            if function in {"os.environ.get", "os.getenv", *ENV_HELPERS} and node.args:
                argument = node.args[0]
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            argument = node.slice
        elif isinstance(node, ast.Compare) and any(
            ast.unparse(c) == "os.environ" for c in node.comparators
        ):
            argument = node.left
        if argument is not None:
            assert isinstance(argument, ast.Constant), f"{path.name}: {ast.unparse(node)}"
            names.add(argument.value)
    return names


def template_lines() -> dict[str, tuple[bool, str]]:
    """Each variable in the template: whether it is set (not commented out), and its value
    as systemd and the shell read it (outer quotes removed)."""
    found = {}
    for line in TEMPLATE.read_text().splitlines():
        match = ASSIGNMENT.match(line)
        if match:
            commented, name, value = match.groups()
            assert name not in found, f"{name} twice in the template"
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            found[name] = (not commented, value)
    return found


def documented_environment(**changes: str) -> dict[str, str]:
    """The template's environment with its placeholders filled in, as a new server would
    have it, plus `changes`."""
    env = {name: value for name, (is_set, value) in template_lines().items() if is_set}
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return {"PATH": os.environ["PATH"], **env, **changes}


def production_settings(env: dict[str, str], *names: str) -> subprocess.CompletedProcess:
    """The production settings loaded in a new process with exactly `env`: prints the named
    settings as JSON."""
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )


def settings_values(env: dict[str, str], *names: str) -> dict:
    answer = production_settings(env, *names)
    assert answer.returncode == 0, answer.stderr
    return json.loads(answer.stdout)


def test_every_variable_the_settings_read_is_in_the_template_and_no_other():
    read = set().union(*(variables_read(path) for path in SETTINGS))
    documented = set(template_lines())
    assert read - documented == set(), "read by the settings, missing from the template"
    assert documented - read - CHOOSES_THE_SETTINGS == set(), "in the template, read by nothing"
    assert template_lines()["DJANGO_SETTINGS_MODULE"] == (True, "config.settings.production")


def test_every_template_variable_has_a_comment_above_it():
    lines = TEMPLATE.read_text().splitlines()
    for number, line in enumerate(lines):
        if ASSIGNMENT.match(line):
            above = number - 1
            while ASSIGNMENT.match(lines[above]):
                above -= 1  # a group of related settings shares its comment
            assert lines[above].startswith("# "), f"no comment above {line}"


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    env = documented_environment(SCRUTINY_VAR_DIR=str(tmp_path))
    answer = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert answer.returncode == 0, answer.stdout + answer.stderr
    assert "System check identified no issues" in answer.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = documented_environment()
    del env["DJANGO_SECRET_KEY"]
    answer = production_settings(env, "DEBUG")
    assert answer.returncode != 0
    assert "Set DJANGO_SECRET_KEY to a long random value." in answer.stderr


def test_the_documented_environment_gives_https_relay_email_json_logs_and_shared_sessions():
    values = settings_values(
        documented_environment(),
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "EMAIL_USE_SSL",
        "EMAIL_TIMEOUT",
        "LOGGING",
        "SESSION_ENGINE",
        "SCRUTINY_TRUSTED_PROXIES",
        "SCRUTINY_X_ACCEL_REDIRECT",
    )
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SESSION_COOKIE_SECURE"]
    assert (values["EMAIL_HOST_USER"], values["EMAIL_HOST_PASSWORD"]) == (
        "scrutiny",
        "replace-with-the-relay-password",
    )
    assert (values["EMAIL_USE_TLS"], values["EMAIL_USE_SSL"]) == (True, False)
    assert values["EMAIL_TIMEOUT"] == 30
    assert values["LOGGING"]["handlers"]["console"]["formatter"] == "json"
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert values["SCRUTINY_TRUSTED_PROXIES"] == ["127.0.0.1"]
    assert values["SCRUTINY_X_ACCEL_REDIRECT"] == internal_location()


def test_email_over_tls_and_ssl_at_once_is_refused_with_the_reason():
    answer = production_settings(documented_environment(EMAIL_USE_SSL="on"), "DEBUG")
    assert answer.returncode != 0
    assert "Set one of EMAIL_USE_TLS" in answer.stderr


def test_without_a_shared_cache_sessions_stay_in_the_database():
    env = documented_environment()
    del env["SCRUTINY_CACHE_URL"]
    values = settings_values(env, "SESSION_ENGINE")
    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


# The nginx site and the systemd units


def nginx_directive(name: str) -> list[str]:
    return re.findall(rf"^\s*{name}\s+([^;]+);", NGINX_SITE.read_text(), re.M)


def internal_location() -> str:
    block = re.search(r"location (\S+) \{\s*internal;", NGINX_SITE.read_text())
    return block.group(1)


def test_nginx_takes_the_largest_upload_the_application_accepts_and_little_more():
    upload_max = int(template_lines()["SCRUTINY_UPLOAD_MAX_BYTES"][1])
    [body_max] = nginx_directive("client_max_body_size")
    megabytes = int(body_max.removesuffix("m")) * 1024 * 1024
    assert upload_max <= megabytes <= upload_max + 2 * 1024 * 1024


def test_nginx_serves_stored_files_only_from_the_documented_internal_location():
    assert internal_location() == template_lines()["SCRUTINY_X_ACCEL_REDIRECT"][1]
    var_dir = template_lines()["SCRUTINY_VAR_DIR"][1]
    assert nginx_directive("alias") == [f"{var_dir}/media/"]
    # The client cannot choose the headers the application believes.
    for header in ("X-Forwarded-Proto $scheme", "X-Real-IP $remote_addr"):
        assert f"proxy_set_header {header}" in NGINX_SITE.read_text()
    assert "proxy_set_header X-Request-ID $request_id" in NGINX_SITE.read_text()


def test_nginx_sends_requests_to_both_application_instances():
    upstreams = re.findall(r"server (127\.0\.0\.1:\d+)", NGINX_SITE.read_text())
    assert upstreams == ["127.0.0.1:8001", "127.0.0.1:8002"]


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path):
    """`nginx -t` on the site inside a minimal nginx.conf, with a certificate made here in
    place of certbot's and the logs in the test's folder."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    certificate = ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=scrutiny.example.gov.uk"]
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", *certificate],
        check=True,
        capture_output=True,
    )
    site = NGINX_SITE.read_text()
    site = site.replace("/etc/letsencrypt/live/scrutiny.example.gov.uk/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/scrutiny.example.gov.uk/privkey.pem", str(key))
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "scrutiny.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  include {tmp_path}/scrutiny.conf;\n}}\n"
    )
    places = ["-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path), "-e", str(tmp_path / "e")]
    answer = subprocess.run(
        ["nginx", "-t", *places],
        capture_output=True,
        text=True,
    )
    assert answer.returncode == 0, answer.stderr
    assert "[warn]" not in answer.stderr and "[emerg]" not in answer.stderr


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(UNITS / name)
    return parser


def test_the_web_unit_runs_gunicorn_on_its_instance_port_and_is_always_restarted():
    web = unit("scrutiny-web@.service")["Service"]
    command = " ".join(web["ExecStart"].replace("\\\n", " ").split())
    assert command.startswith("/srv/scrutiny/venv/bin/gunicorn config.wsgi:application")
    assert "--bind 127.0.0.1:%i" in command
    assert web["Restart"] == "always"
    assert web["EnvironmentFile"] == "/etc/scrutiny/scrutiny.env"
    assert web["ReadWritePaths"] == template_lines()["SCRUTINY_VAR_DIR"][1]


def test_the_worker_unit_runs_the_task_worker_and_is_always_restarted():
    worker = unit("scrutiny-worker.service")
    assert worker["Service"]["ExecStart"] == "/srv/scrutiny/venv/bin/python manage.py worker"
    assert worker["Service"]["Restart"] == "always"
    assert worker["Unit"]["StartLimitIntervalSec"] == "0"  # never gives up
    assert worker["Service"]["EnvironmentFile"] == "/etc/scrutiny/scrutiny.env"
