"""HTTP security beyond tests/test_ui_http.py: every route behind the login, more traversal spellings,
cross-origin pages and DNS rebinding.

Pins down:
- with a login, every route the app serves (enumerated from the running app, so a route added by a Gradio
  upgrade is covered the day it appears) refuses a client without credentials, except a short, reviewed list
  of public routes (the login page, static assets, heartbeats), none of which returns any document text;
  forged cookies and cookies used after logout are refused, and the session cookies are HttpOnly;
- no file outside the app is served for backslash, overlong-UTF-8, NUL, full-width, double-slash and
  cache-prefixed traversal spellings, through both file routes, nor through a symlink planted in the upload
  cache; the proxy route fetches nothing (no SSRF to 127.0.0.1 or cloud metadata);
- a page on another origin cannot read the API's answers (no CORS grant) nor drive it with a simple
  (no-preflight) request; a page that rebinds its own domain to 127.0.0.1 gets 400 (the Host header must
  name 127.0.0.1 or localhost when the app listens on loopback).
"""

from __future__ import annotations

import http.client
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx


SECRETS = [b"Mostar", b"Science Diplomacy", b"science diplomacy", b"Cultural soft power", b"root:x:0:0",
           b"SQLite format"]
# Routes a visitor without credentials may reach: the login page and what it needs, and session plumbing
# that returns nothing of the app (checked below for every one of them).
PUBLIC = {
    "/", "/login", "/login/", "/logout", "/favicon.ico", "/theme.css", "/robots.txt", "/manifest.json",
    "/openapi.json", "/static/{path:path}", "/assets/{path:path}", "/svelte/{path:path}", "/pwa_icon",
    "/pwa_icon/{size}", "/monitoring/{key}",  # 403 "Monitoring is not enabled."
    "/gradio_api/theme.css", "/gradio_api/startup-events", "/gradio_api/app_id", "/gradio_api/app_id/",
    "/gradio_api/token", "/gradio_api/token/", "/gradio_api/user", "/gradio_api/user/", "/gradio_api/runs",
    "/gradio_api/runs/", "/gradio_api/heartbeat/{session_hash}",
    "/gradio_api/custom_component/{id}/{environment}/{type}/{file_name}",  # 404: the app has none
    "/gradio_api/stream/{event_id}", "/gradio_api/stream/{event_id}/close",  # 404 without a running stream
    "/gradio_api/stream/{session_hash}/{run}/{component_id}/playlist.m3u8",
    "/gradio_api/stream/{session_hash}/{run}/{component_id}/{segment_id}.{ext}",
    "/gradio_api/stream/{session_hash}/{run}/{component_id}/playlist-file",
    "/gradio_api/reset", "/gradio_api/reset/", "/gradio_api/cancel",  # need an unguessable event id
    "/gradio_api/vibe-edit", "/gradio_api/vibe-edit/", "/gradio_api/undo-vibe-edit",  # 403: editor is off
    "/gradio_api/undo-vibe-edit/", "/gradio_api/vibe-code", "/gradio_api/vibe-code/",
    "/gradio_api/vibe-starter-queries", "/gradio_api/vibe-starter-queries/",
}
FILL = {"path": "index.html", "size": "192", "key": "x", "url_path": "http://127.0.0.1:1/", "event_id": "e0",
        "path_or_url": "/etc/passwd", "session_hash": "s0", "run": "0", "component_id": "1", "segment_id": "0",
        "ext": "ts", "api_name": "ask", "endpoint": "ask", "record_id": "r", "asset_id": "a", "id": "x",
        "environment": "client", "type": "js", "file_name": "x.js"}
BODY = {"data": ["Which bridge did UNESCO help rebuild?", []], "fn_index": 0, "session_hash": "s0",
        "event_id": "e0", "prompt": "x", "code": "import os", "hash": "x", "username": "ana", "password": "no"}


def raw(url: str, path: str, method: str = "GET", headers: dict | None = None, body=None):
    """A request sent exactly as written (no client-side normalisation): (status, body, headers)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read(), {k.lower(): v for k, v in resp.getheaders()}
    finally:
        conn.close()


def app_routes(app) -> list[tuple[str, str]]:
    """(method, path) of every route of the running FastAPI app, included routers too."""
    out = []
    for route in app.routes:
        routes = [route] if hasattr(route, "path") else list(route.original_router.routes)
        out += [(m, r.path) for r in routes if hasattr(r, "path") for m in sorted(r.methods or ()) if m != "HEAD"]
    return out


def first_bytes(client: httpx.Client, method: str, url: str, limit: int = 4096) -> tuple[int, bytes]:
    """Status and the first bytes of a response (heartbeats and event streams never end)."""
    with client.stream(method, url, json=BODY if method == "POST" else None) as resp:
        data = b""
        for chunk in resp.iter_bytes():
            data += chunk
            if len(data) >= limit or "event-stream" in resp.headers.get("content-type", ""):
                break  # one event of a stream says enough (a heartbeat sends one every few seconds)
        return resp.status_code, data


def test_login_guards_every_route_but_a_reviewed_public_few(locked_app, ui_settings):
    routes = app_routes(locked_app.demo.app)
    assert len(routes) > 60, "the route walk found the app's routes"
    store = str(ui_settings.store_dir).encode()
    refused, public = [], []
    with httpx.Client(base_url=locked_app.url.rstrip("/"), timeout=30) as client:
        for method, path in routes:
            url = re.sub(r"\{(\w+)(?::path)?\}", lambda m: FILL[m.group(1)], path)
            status, body = first_bytes(client, method, url)
            leaked = [s for s in [*SECRETS, store] if s in body]
            assert not leaked, f"{method} {path} without credentials returned {leaked}"
            if path in PUBLIC:
                public.append(path)
            else:
                assert status in (401, 403), f"{method} {path} answered {status} without credentials: {body[:200]}"
                refused.append(path)
    assert {"/config", "/gradio_api/info", "/gradio_api/queue/join", "/gradio_api/call/{api_name}",
            "/gradio_api/upload", "/gradio_api/file={path_or_url:path}", "/gradio_api/run/{api_name}",
            "/gradio_api/proxy={url_path:path}", "/gradio_api/queue/data"} <= set(refused)
    print(f"{len(refused)} routes refused without credentials, {len(public)} public")


def test_forged_and_stale_cookies_are_refused(locked_app):
    base = locked_app.url.rstrip("/")
    with httpx.Client(base_url=base, timeout=30) as client:
        wrong = client.post("/login", data={"username": "ana", "password": "wrong"})
        assert wrong.status_code == 400 and "set-cookie" not in wrong.headers
        ok = client.post("/login", data={"username": "ana", "password": "s3cret-pass"})
        assert ok.status_code == 200
        cookies = ok.headers.get_list("set-cookie")
        assert cookies and all("HttpOnly" in c for c in cookies), cookies
        jar = dict(client.cookies)
        assert client.get("/config").status_code == 200 and client.get("/gradio_api/info").status_code == 200
        client.get("/logout")
    with httpx.Client(base_url=base, cookies=jar, timeout=30) as stale:
        assert stale.get("/config").status_code == 401, "a cookie is dead after logout"
    with httpx.Client(base_url=base, cookies={k: "forged" + v[6:] for k, v in jar.items()}, timeout=30) as forged:
        assert forged.get("/config").status_code == 401
        assert forged.post("/gradio_api/call/ask", json=BODY).status_code == 401


def test_more_traversal_spellings_and_a_planted_symlink_serve_nothing(ui_app, tmp_path):
    upload = httpx.post(ui_app.url + "gradio_api/upload", files={"files": ("ok.txt", b"hello", "text/plain")},
                        timeout=60).json()[0]
    folder = Path(upload).parent
    cache = folder.parent
    link = folder / "planted.txt"
    os.symlink("/etc/passwd", link)  # a local process could plant one; the link leads outside the cache
    try:
        spellings = [
            "..\\..\\..\\..\\..\\etc\\passwd", "..%5c..%5c..%5c..%5cetc%5cpasswd",
            "%c0%ae%c0%ae/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "..%c0%af..%c0%af..%c0%afetc%c0%afpasswd",
            "/etc/passwd%00.txt", "%00/etc/passwd", "%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
            "//etc/passwd", "/./etc/./passwd", "%ef%bc%8e%ef%bc%8e%ef%bc%8f%ef%bc%8e%ef%bc%8e%ef%bc%8fetc%ef%bc%8fpasswd",
            f"{cache}/../../../../../etc/passwd", f"{cache}/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
            f"{folder}/../../../../../etc/passwd", str(link), "file:///etc/passwd", "~/.bashrc",
            "http://127.0.0.1:1/x", str(Path.home() / ".bashrc"),
        ]
        paths = [f"{route}{p}" for p in spellings for route in ("/gradio_api/file=", "/gradio_api/file/")]
        paths += ["/svelte/..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/static/..%2f..%2f..%2fetc%2fpasswd",
                  "/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/%5c..%5c..%5c..%5cetc%5cpasswd",
                  "/gradio_api/proxy=http://127.0.0.1:1/", f"/gradio_api/proxy={ui_app.url}config",
                  "/gradio_api/proxy=http://169.254.169.254/latest/meta-data/", "/gradio_api/proxy=file:///etc/passwd"]
        for path in paths:
            status, body, _ = raw(ui_app.url, path)
            assert status in (400, 403, 404), f"{path} answered {status}"
            assert b"root:" not in body and b"UNESCO Assistant" not in body, path
        status, body, _ = raw(ui_app.url, f"/gradio_api/file={upload}")
        assert (status, body) == (200, b"hello"), "the upload itself is served: the refusals above are real"
        print(f"{len(paths)} requests refused: {len(spellings)} traversal spellings x 2 file routes, "
              f"{len(paths) - 2 * len(spellings)} static-route and proxy requests")
    finally:
        link.unlink()


def test_another_origin_can_neither_read_nor_drive_the_api(ui_app):
    evil, local = "http://evil.example", ui_app.url.rstrip("/").replace("127.0.0.1", "localhost")
    status, _, headers = raw(ui_app.url, "/gradio_api/call/ask", "OPTIONS", {
        "Origin": evil, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
    assert headers.get("access-control-allow-origin") != evil, "the browser is not allowed to send a JSON call"
    status, _, headers = raw(ui_app.url, "/gradio_api/info", headers={"Origin": evil})
    assert headers.get("access-control-allow-origin") not in (evil, "*"), "nor to read the API's answers"
    status, _, headers = raw(ui_app.url, "/gradio_api/info", headers={"Origin": local})
    assert headers.get("access-control-allow-origin") == local, "the check is real: the app's own origin passes"
    # A "simple" cross-origin POST (no preflight: text/plain) is not read as a call.
    status, body, _ = raw(ui_app.url, "/gradio_api/call/ask", "POST", {"Origin": evil, "Content-Type": "text/plain"},
                          '{"data": ["Which bridge did UNESCO help rebuild?", []]}')
    assert status == 422 and b"event_id" not in body


def test_a_rebound_domain_is_refused(ui_app):
    port = urlsplit(ui_app.url).port
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}"):
        for path in ("/", "/config", "/gradio_api/info", f"/gradio_api/file={Path.home()}"):
            status, body, _ = raw(ui_app.url, path, headers={"Host": host})
            assert status == 400 and not any(s in body for s in SECRETS), (host, path, status)
        status, _, _ = raw(ui_app.url, "/gradio_api/call/ask", "POST", {"Host": host, "Content-Type": "application/json"},
                           '{"data": ["Which bridge did UNESCO help rebuild?", []]}')
        assert status == 400
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert raw(ui_app.url, "/config", headers={"Host": host})[0] == 200


def test_served_on_a_network_any_host_name_is_accepted():
    from ui.app import _host_check

    assert _host_check("0.0.0.0") == [] and _host_check("192.168.1.20") == []
    assert _host_check("127.0.0.1") and _host_check("localhost")
