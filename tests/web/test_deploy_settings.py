"""SEC-6: production starts only with its own secret key and passes `check --deploy` with no warning when the
variables the README documents are set. U-5: the API docs are served from the site's own static files.

The production checks run `cchc check` in a subprocess, each with its own environment, since settings are read
once per process.
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

README = Path(__file__).resolve().parents[2] / "README.md"


def _production_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Production")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def documented_variables() -> dict[str, str]:
    """The `CCHC_NAME=value` lines of the README's Production section."""
    return dict(re.findall(r"^(CCHC_[A-Z_]+)=(\S*)", _production_section(), flags=re.MULTILINE))


def _run_cchc(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`cchc ARGS` with only the given CCHC_ variables; its folders (the README's examples are server paths)
    point at a throw-away folder."""
    # The end-to-end tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright in this process; a server never has it.
    skipped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_") and k not in skipped}
    with tempfile.TemporaryDirectory(prefix="cchc-deploy-") as folder:
        env = {**env, "CCHC_VAR_DIR": folder, "CCHC_DATA_DIR": str(README.parent / "data")}
        return subprocess.run(
            [sys.executable, "-m", "cchc.cli", *args],
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )


def test_SEC_6_the_readme_documents_each_production_variable():
    """SEC-6: each variable is a `CCHC_NAME=value` line with its meaning."""
    variables = documented_variables()
    for name in (
        "CCHC_DEBUG",
        "CCHC_SECRET_KEY",
        "CCHC_ALLOWED_HOSTS",
        "CCHC_CSRF_TRUSTED_ORIGINS",
        "CCHC_SECURE_SSL_REDIRECT",
        "CCHC_SECURE_HSTS_SECONDS",
        "CCHC_SESSION_COOKIE_SECURE",
        "CCHC_CSRF_COOKIE_SECURE",
        "CCHC_BEHIND_PROXY",
    ):
        assert name in variables, name
    assert variables["CCHC_DEBUG"] == "0"


def test_SEC_6_check_deploy_passes_with_no_warning_when_the_documented_variables_are_set():
    """SEC-6: `cchc check --deploy --fail-level WARNING` with the README's variables (a real key instead of the
    placeholder) reports no issue at all."""
    env = documented_variables()
    env["CCHC_SECRET_KEY"] = "k" + os.urandom(48).hex()
    result = _run_cchc("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_SEC_6_production_refuses_to_start_without_a_secret_key():
    """SEC-6: the finding: with DEBUG off and no key the app started on a public default key. Now start-up
    fails with a message that names the variable."""
    env = documented_variables()
    env.pop("CCHC_SECRET_KEY")
    result = _run_cchc("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "Thiếu CCHC_SECRET_KEY" in result.stderr, result.stderr
    for public in ("", "dev-only-not-secret-change-me-in-production", "replace-with-50-random-characters"):
        env["CCHC_SECRET_KEY"] = public
        result = _run_cchc("check", env=env)
        assert result.returncode != 0 and "Thiếu CCHC_SECRET_KEY" in result.stderr, f"{public!r} is no key"


def test_SEC_6_production_is_secure_by_default_once_it_has_a_key():
    """SEC-6: with only CCHC_DEBUG=0 and a key, HTTPS redirect, HSTS and secure cookies are on."""
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_INCLUDE_SUBDOMAINS)"
    )
    result = _run_cchc("shell", "--no-imports", "-c", code, env={"CCHC_DEBUG": "0", "CCHC_SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["False", "True", "True", "True", "True", "True"]


def test_SEC_6_development_keeps_its_key_and_plain_http(settings):
    """SEC-6: `make demo` and `make test` run unchanged: DEBUG's development key, no HTTPS redirect."""
    code = "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT)"
    result = _run_cchc("shell", "--no-imports", "-c", code, env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "False"]
    assert settings.SECURE_SSL_REDIRECT is False and settings.SESSION_COOKIE_SECURE is False


def test_SEC_6_a_bad_flag_or_number_is_refused():
    """SEC-6: a typo such as CCHC_DEBUG=flase or CCHC_SECURE_HSTS_SECONDS=1y does not silently mean anything."""
    result = _run_cchc("check", env={"CCHC_DEBUG": "flase"})
    assert result.returncode != 0 and "CCHC_DEBUG" in result.stderr
    result = _run_cchc("check", env={"CCHC_SECURE_HSTS_SECONDS": "1y"})
    assert result.returncode != 0 and "CCHC_SECURE_HSTS_SECONDS" in result.stderr


# --- U-5: the API docs use the site's own static files ------------------------------------------------------


@pytest.fixture
def docs_html(client, db):
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    return response.content.decode()


def test_U_5_the_api_docs_page_loads_nothing_from_another_host(docs_html):
    """U-5: the finding: the docs page loaded Swagger from a CDN. Now no script, style or icon comes from
    another host."""
    assert "cdn" not in docs_html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", docs_html), docs_html
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs_html
    assert "/static/vendor/swagger-ui/swagger-ui.css" in docs_html


def test_U_5_the_api_docs_assets_are_installed_from_npm_and_served(client, db, docs_html):
    """U-5: swagger-ui-dist is pinned in package.json and copied by `make` like Bootstrap; the page's every
    local script and style is found by the static files finders."""
    import json

    package = json.loads((README.parent / "package.json").read_text())
    assert re.fullmatch(r"\d+\.\d+\.\d+", package["dependencies"]["swagger-ui-dist"])
    for path in re.findall(r"""(?:src|href)="/static/([^"]+)\"""", docs_html):
        assert finders.find(path), path
    assert "/api/v1/openapi.json" in docs_html
