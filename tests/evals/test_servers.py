"""The wait-until-ready helper that tests and benchmarks share, against real processes and a real HTTP server."""

from __future__ import annotations

import subprocess
import sys

import pytest

from evals.servers import ServerNotReady, answers, free_port, wait_until_ready

# A real HTTP server that starts listening only after a delay (as the UI does while it loads the model).
SLOW_SERVER = """
import http.server, sys, time
time.sleep(float(sys.argv[2]))
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), http.server.SimpleHTTPRequestHandler).serve_forever()
"""


@pytest.fixture
def slow_server(tmp_path):
    port = free_port()
    (tmp_path / "index.html").write_text("ready")
    proc = subprocess.Popen([sys.executable, "-c", SLOW_SERVER, str(port), "1.0"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield port, proc
    proc.kill()
    proc.wait()


def test_waits_until_the_server_answers(slow_server):
    port, proc = slow_server
    url = f"http://127.0.0.1:{port}/"
    assert not answers(url)  # not listening yet: refused, not an exception
    waited = wait_until_ready(lambda: answers(url), timeout_s=60, process=proc, interval_s=0.05)
    assert waited >= 0.5 and answers(url)
    assert answers(url, accept=lambda body: body == b"ready")
    assert not answers(url, accept=lambda body: b"data" in body)
    assert not answers(f"http://127.0.0.1:{port}/missing.html")  # 404


def test_a_server_that_exits_fails_at_once_with_its_code():
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(3)"])
    with pytest.raises(ServerNotReady, match="the test server exited with code 3"):
        wait_until_ready(lambda: False, timeout_s=60, process=proc, interval_s=0.05, what="the test server")


def test_a_server_that_never_answers_times_out():
    with pytest.raises(ServerNotReady, match="was not ready after 0.3 s"):
        wait_until_ready(lambda: False, timeout_s=0.3, interval_s=0.05)
    with pytest.raises(ValueError, match="timeout_s must be greater than 0"):
        wait_until_ready(lambda: True, timeout_s=0)
