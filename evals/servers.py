"""Servers started in another process (the UI, a Chroma server, the llama.cpp server), for the tests and the
benchmarks: a free port to start one on, one loop that waits until it answers, and one way to stop it."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable


class ServerNotReady(RuntimeError):
    """The server exited, or did not answer in time. The message says which."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str, *, timeout_s: float = 2.0, accept: Callable[[bytes], bool] | None = None) -> bool:
    """True when GET `url` answers 200 (and `accept(body)` holds); False on any connection or HTTP error."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            return response.status == 200 and (accept is None or accept(response.read()))
    except (urllib.error.URLError, OSError, ValueError):  # refused, reset, timed out, 4xx/5xx, bad body
        return False


def wait_until_ready(ready: Callable[[], bool], *, timeout_s: float, process: subprocess.Popen | None = None,
                     interval_s: float = 0.2, what: str = "the server") -> float:
    """Call `ready()` until it returns True; return the seconds waited. Raises `ServerNotReady` when `process`
    (the server's own, if given) exits first or `timeout_s` passes. The caller stops the process."""
    if timeout_s <= 0:
        raise ValueError(f"timeout_s must be greater than 0. Currently, it is {timeout_s}.")
    start = time.monotonic()
    while True:
        if ready():
            return time.monotonic() - start
        if process is not None and process.poll() is not None:
            raise ServerNotReady(f"{what} exited with code {process.returncode} before it was ready")
        if time.monotonic() - start > timeout_s:
            raise ServerNotReady(f"{what} was not ready after {timeout_s:g} s")
        time.sleep(interval_s)


def stop(process: subprocess.Popen, timeout_s: float = 30.0) -> None:
    """SIGTERM, then SIGKILL if `process` has not exited after `timeout_s`; returns once it is gone."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout_s)
