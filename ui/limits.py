"""Limits the server enforces whatever the client sends (the browser's own limits are only a convenience).

- `check_question(text)`: at most `MAX_QUESTION_CHARS` characters reach a handler (the assistant then uses the
  first `max_question_chars`, 2,000, with a notice); longer requests are refused before anything keeps them.
- `parse_history(history)`: `/ask`'s history as turns: a list of [question, answer] pairs, or of [question, answer,
  documents] triples (the ids of the documents that answer cited: its JSON's "documents"), the last `MAX_HISTORY`
  kept, each cut; a string (or anything else) is refused, never iterated character by character.
- `check_uploads(files)`: at most `MAX_FILES` files and `MAX_TOTAL_BYTES` together per request (each file's
  own limit, 20 MB, is Gradio's `max_file_size`).
- `LoginGuard`: the login check with a rate limit: after `MAX_FAILURES` wrong passwords within `WINDOW_S`,
  every attempt is refused for `LOCKOUT_S` (right password included), so passwords cannot be tried quickly.
Every refusal raises `gr.Error` with a one-line message and is logged in one line, without a traceback.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
import time
from collections import deque

import gradio as gr

from assistant.api import MAX_TURN_DOCUMENTS  # document ids a history item may carry: as many as the assistant keeps
from core.types import Turn

log = logging.getLogger("unesco_assistant.ui")

MAX_QUESTION_CHARS = 20_000
MAX_HISTORY = 20
MAX_HISTORY_ANSWER_CHARS = 8_000
MAX_FILES = 20
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_FAILURES = 5
WINDOW_S = 60.0
LOCKOUT_S = 60.0


def refuse(message: str, what: str) -> gr.Error:
    """A one-line log entry and the error to raise (no traceback anywhere)."""
    log.warning("refused %s: %s", what, message)
    return gr.Error(message, print_exception=False)


def check_question(text, what: str = "question") -> str:
    if not isinstance(text, str):
        raise refuse(f"The {what} must be text.", "a malformed request")
    if len(text) > MAX_QUESTION_CHARS:
        raise refuse(f"The {what} is {len(text):,} characters long; the limit is {MAX_QUESTION_CHARS:,}.",
                     f"an oversized {what}")
    return text


def parse_history(history) -> list[Turn]:
    """[[question, answer], ...] or [[question, answer, [document id, ...]], ...] (oldest first) as turns; refused
    unless a list of pairs of text, each with, optionally, a list of at most MAX_TURN_DOCUMENTS document ids."""
    if history is None:
        return []
    if not isinstance(history, (list, tuple)):
        raise refuse("history must be a list of [question, answer] pairs.", "a malformed history")
    turns = []
    for pair in list(history)[-MAX_HISTORY:]:
        if isinstance(pair, str) or not isinstance(pair, (list, tuple)) or not pair:
            raise refuse("history must be a list of [question, answer] pairs.", "a malformed history")
        q = pair[0]
        a = pair[1] if len(pair) > 1 else ""
        if not isinstance(q, str) or not isinstance(a, (str, type(None))):
            raise refuse("history must be a list of [question, answer] pairs of text.", "a malformed history")
        documents = pair[2] if len(pair) > 2 and pair[2] is not None else []
        if len(pair) > 3 or not isinstance(documents, (list, tuple)) or \
                len(documents) > MAX_TURN_DOCUMENTS or not all(isinstance(d, str) and 0 < len(d) <= 200
                                                              for d in documents):
            raise refuse(f"a history item is [question, answer] or [question, answer, [document ids]] (at most "
                         f"{MAX_TURN_DOCUMENTS} ids, as an answer's \"documents\").", "a malformed history")
        turns.append(Turn(q[:MAX_QUESTION_CHARS], (a or "")[:MAX_HISTORY_ANSWER_CHARS], tuple(documents)))
    return turns


def check_uploads(files) -> list[str]:
    """The uploaded paths, refused when there are too many or too much in all."""
    paths = [str(getattr(f, "name", f)) for f in (files or [])]
    if len(paths) > MAX_FILES:
        raise refuse(f"{len(paths)} files in one upload; the limit is {MAX_FILES}. Upload them in smaller groups.",
                     "an upload with too many files")
    total = 0
    for p in paths:
        try:
            total += os.path.getsize(p)
        except OSError:
            continue
    if total > MAX_TOTAL_BYTES:
        raise refuse(f"These files hold {total / 1e6:,.0f} MB together; the limit is {MAX_TOTAL_BYTES / 1e6:,.0f} MB "
                     "per upload. Upload them in smaller groups.", "an oversized upload")
    return paths


class LoginGuard:
    """Gradio's `auth` callable for one user: constant-time comparison and a rate limit on failures."""

    def __init__(self, user: str, password: str, *, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S,
                 lockout_s: float = LOCKOUT_S, clock=time.monotonic) -> None:
        self._user, self._password = user.encode(), password.encode()
        self.max_failures, self.window_s, self.lockout_s = max_failures, window_s, lockout_s
        self._clock = clock
        self._failures: deque[float] = deque()
        self._locked_until = 0.0
        self._lock = threading.Lock()
        self.refused = 0  # attempts refused by the rate limit (for tests and the log)

    def __call__(self, username: str, password: str) -> bool:
        now = self._clock()
        with self._lock:
            if now < self._locked_until:
                self.refused += 1
                return False
            ok = hmac.compare_digest(str(username).encode(), self._user) & hmac.compare_digest(
                str(password).encode(), self._password)
            if ok:
                return True
            self._failures.append(now)
            while self._failures and now - self._failures[0] > self.window_s:
                self._failures.popleft()
            if len(self._failures) >= self.max_failures:
                self._locked_until = now + self.lockout_s
                self._failures.clear()
                log.warning("login: %d wrong passwords within %.0f s; logins refused for %.0f s",
                            self.max_failures, self.window_s, self.lockout_s)
            return False
