"""Running in public: the documented production environment passes Django's deployment
checks, Scrutineer refuses to serve without a secret key, and the production server
(gunicorn) serves the site with its security headers."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from scrutineer.cli import SAMPLE_DIR

ROOT = Path(__file__).resolve().parents[1]
SCRUTINEER = str(Path(sys.executable).with_name("scrutineer"))
OPERATIONS = ROOT / "docs" / "operations.md"


def base_environment(tmp_path, **extra) -> dict:
    """This machine's environment without any Scrutineer or database setting."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SCRUTINEER_", "DATABASE_URL", "DJANGO_", "GUNICORN_"))
    }
    env["SCRUTINEER_VAR_DIR"] = str(tmp_path)
    env.update(extra)
    return env


def documented_production_environment() -> dict:
    """The block under "# production environment" in docs/operations.md."""
    text = OPERATIONS.read_text()
    block = text.split("# production environment\n", 1)[1].split("```", 1)[0]
    found = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
    assert {"SCRUTINEER_SECRET_KEY", "SCRUTINEER_ALLOWED_HOSTS", "SCRUTINEER_HTTPS"} <= set(found)
    return found


def run(args, env, timeout=60):
    return subprocess.run(
        [SCRUTINEER, *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )


def test_check_deploy_passes_under_the_documented_environment(tmp_path):
    production = documented_production_environment()
    production["SCRUTINEER_SECRET_KEY"] = secrets.token_urlsafe(50)
    env = base_environment(tmp_path, **production)
    result = run(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_check_deploy_without_the_environment_names_each_missing_setting(tmp_path):
    """So that the test above can fail: the defaults are for development."""
    env = base_environment(tmp_path, SCRUTINEER_SECRET_KEY=secrets.token_urlsafe(50))
    result = run(["check", "--deploy"], env)
    found = set(re.findall(r"\(security\.(W\d+)\)", result.stdout + result.stderr))
    assert {"W004", "W008", "W012", "W016"} <= found


@pytest.mark.parametrize("command", [["serve"], ["serve", "--production"], ["runserver"]])
def test_refuses_to_serve_without_a_secret_key(tmp_path, command):
    env = base_environment(tmp_path)
    started = time.monotonic()
    result = run([*command, "127.0.0.1:9"], env, timeout=30)
    assert result.returncode != 0
    assert "SCRUTINEER_SECRET_KEY is not set" in result.stderr
    assert time.monotonic() - started < 25
    assert "Traceback" not in result.stderr


def test_a_misspelt_setting_stops_with_its_name(tmp_path):
    env = base_environment(tmp_path, SCRUTINEER_HTTPS="maybe")
    result = run(["check"], env)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: SCRUTINEER_HTTPS='maybe': write 1 or 0 (or true/false, yes/no, on/off)"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_production_server_serves_the_site_with_its_headers(tmp_path):
    env = base_environment(
        tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        SCRUTINEER_SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert run(["migrate", "--no-input", "-v", "0"], env).returncode == 0
    loaded = run(["ingest", *sorted(str(p) for p in SAMPLE_DIR.glob("*.txt"))], env)
    assert loaded.returncode == 0, loaded.stderr
    port = free_port()
    server = subprocess.Popen(
        [SCRUTINEER, "serve", "--production", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, headers, html = fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "the server did not start in 30 s"
                time.sleep(0.2)
        assert status == 200
        assert headers["Server"].startswith("gunicorn")
        assert "Exampleshire" in html
        assert "default-src 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        status, headers, css = fetch(f"http://127.0.0.1:{port}/static/scrutineer/app.css")
        assert status == 200 and ".app-source" in css
        status, _, _ = fetch(f"http://127.0.0.1:{port}/no-such-page/")
        assert status == 404
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Booting worker" in errors
    assert "Traceback" not in errors
