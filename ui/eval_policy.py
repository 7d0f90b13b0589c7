"""Who may start a gold eval run from the Evals tab, and at most one run at a time.

A run asks dozens of questions (minutes of CPU), so it is not for any client of an open server:

- `UNESCO_ASSISTANT_EVAL_RUNS=local` (the default): with a login (`--auth`), any signed-in user; without one,
  only a client on this machine (a loopback address: 127.0.0.1, ::1). An app served on a network without a
  login therefore refuses runs from other machines.
- `anyone`: every client that can reach the app. `off`: no runs from the page (`unesco-assistant eval gold`
  still runs them).

Whatever the setting, one run at a time in the whole app: a request while a run is in progress is refused at
once with a message (not queued behind it).
"""

from __future__ import annotations

import ipaddress
import os
import threading

EVAL_RUNS_ENV = "UNESCO_ASSISTANT_EVAL_RUNS"
POLICIES = ("local", "anyone", "off")
_one_run = threading.Lock()


def policy() -> str:
    value = (os.environ.get(EVAL_RUNS_ENV) or "local").strip().lower()
    return value if value in POLICIES else "local"


def _loopback(host: str | None) -> bool:
    if host in ("localhost", "testclient"):
        return True
    try:
        return ipaddress.ip_address(str(host)).is_loopback
    except ValueError:
        return False


def refusal(username: str | None, client_host: str | None, setting: str | None = None) -> str | None:
    """Why this client may not start a run (a message), or None when it may."""
    setting = setting or policy()
    if setting == "off":
        return (f"Eval runs from the page are turned off ({EVAL_RUNS_ENV}=off); run `unesco-assistant eval gold` "
                "on the server instead.")
    if setting == "anyone" or username or _loopback(client_host):
        return None
    return (f"Eval runs are allowed only from the machine running the app, or with a login (--auth); set "
            f"{EVAL_RUNS_ENV}=anyone to allow every client.")


def request_refusal(request) -> str | None:
    client = getattr(getattr(request, "request", None), "client", None) or getattr(request, "client", None)
    host = getattr(client, "host", None)
    return refusal(getattr(request, "username", None), host)


class OneRun:
    """`with OneRun() as ok:` ok is False when another run holds the slot (nothing waits)."""

    def __enter__(self) -> bool:
        self._held = _one_run.acquire(blocking=False)
        return self._held

    def __exit__(self, *exc: object) -> None:
        if self._held:
            _one_run.release()


BUSY = "An eval run is already in progress; its results appear here when it finishes. Try again then."
