"""The app over plain HTTP: what it serves, what it refuses, and what login guards.

Pins down: no file outside Gradio's own upload cache is served (absolute, relative and encoded
traversal paths, the store, the corpus, the project); uploads above the size limit are refused; the
page references nothing on the internet; with a login, the page, the config and the API all need it.
"""

from __future__ import annotations

import http.client
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from gradio_client import Client

from core.errors import ConfigError

PROJECT = Path(__file__).resolve().parents[2]


def raw_get(url: str, path: str, headers: dict | None = None) -> tuple[int, bytes]:
    """GET `path` exactly as written (no client-side normalisation of `..` or %-escapes)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def forbidden_paths(store_dir: Path) -> list[str]:
    passwd = ["/etc/passwd", "%2Fetc%2Fpasswd", "%252Fetc%252Fpasswd", "../../../../../../etc/passwd",
              "..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
              "....//....//....//etc/passwd", "/proc/self/environ"]
    paths = [f"/gradio_api/file={p}" for p in passwd] + [f"/file={p}" for p in passwd[:3]]
    paths += [f"/gradio_api/file={PROJECT / 'pyproject.toml'}", "/gradio_api/file=pyproject.toml",
              "/gradio_api/file=corpus/metadata.json", f"/gradio_api/file={PROJECT / 'corpus' / 'metadata.json'}",
              f"/gradio_api/file={store_dir}/chroma.sqlite3", "/gradio_api/file=.git/config",
              "/static/../../../../etc/passwd", "/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd"]
    return paths


def test_binds_to_localhost_by_default(ui_app):
    assert ui_app.url.startswith("http://127.0.0.1:")


def test_no_file_outside_the_app_is_served(ui_app, ui_settings):
    secrets = [b"root:", b"[project]", b"SQLite format", b"PATH=", b"repositoryformatversion", b"Science Diplomacy"]
    for path in forbidden_paths(ui_settings.store_dir):
        status, body = raw_get(ui_app.url, path)
        leaked = [s for s in secrets if s in body]
        assert status != 200 or not leaked, f"{path} served {status} with {leaked}"
        assert not leaked, f"{path} leaked {leaked}"


def test_page_references_nothing_on_the_internet(ui_app):
    status, body = raw_get(ui_app.url, "/")
    assert status == 200
    page = body.decode()
    for host in ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr", "unpkg.com", "cdnjs"):
        assert host not in page
    status, css = raw_get(ui_app.url, "/theme.css")
    assert status == 200 and b"googleapis" not in css and b"@import url(http" not in css


def test_uploads_above_the_size_limit_are_refused(ui_app):
    import httpx

    big = b"a" * (21 * 1024 * 1024)
    resp = httpx.post(ui_app.url + "gradio_api/upload", files={"files": ("big.txt", big, "text/plain")}, timeout=60)
    assert resp.status_code == 413, resp.text[:200]
    small = httpx.post(ui_app.url + "gradio_api/upload", files={"files": ("ok.txt", b"hello", "text/plain")},
                       timeout=60)
    assert small.status_code == 200
    status, body = raw_get(ui_app.url, "/gradio_api/file=" + small.json()[0])
    assert (status, body) == (200, b"hello"), "an upload of its own is served back (the refusals above are real)"


def test_login_guards_page_config_and_api(locked_app):
    status, body = raw_get(locked_app.url, "/config")
    assert status in (401, 403)
    status, body = raw_get(locked_app.url, "/gradio_api/info")
    assert status in (401, 403)
    status, body = raw_get(locked_app.url, "/")
    assert b"Science Diplomacy" not in body and b"UNESCO Assistant</h1>" not in body
    with pytest.raises(ValueError, match="credentials were not provided"):
        Client(locked_app.url, verbose=False).predict("Which bridge did UNESCO help rebuild?", [], api_name="/ask")
    with pytest.raises(ValueError, match="Could not login"):
        Client(locked_app.url, auth=("ana", "wrong"), verbose=False)
    answer = Client(locked_app.url, auth=("ana", "s3cret-pass"), verbose=False).predict(
        "Which bridge did UNESCO help rebuild?", [], api_name="/ask")
    assert "Mostar" in answer["text"]


def test_auth_from_environment(monkeypatch):
    from ui.app import AUTH_ENV, auth_from_env

    monkeypatch.delenv(AUTH_ENV, raising=False)
    assert auth_from_env() is None
    monkeypatch.setenv(AUTH_ENV, "ana:pa:ss")
    assert auth_from_env() == ("ana", "pa:ss")
    for bad in ("ana", "ana:", ":pass"):
        monkeypatch.setenv(AUTH_ENV, bad)
        with pytest.raises(ConfigError, match="user:password"):
            auth_from_env()
    assert os.environ.get("GRADIO_ANALYTICS_ENABLED") == "False"
