"""One log line, not a traceback, for a malformed request.

Gradio prints a full traceback (`traceback.print_exc()` in its queue) when a request's inputs cannot be
prepared for a handler: too few values, a file entry that is not an upload, a value outside a dropdown's
choices, a `gr.Error` from a component. Uvicorn logs one for a request naming an unknown endpoint or event.
These are the client's mistakes, not the server's: `quiet_malformed_requests()` turns each into one line on the
`unesco_assistant.ui` logger ("refused a malformed request: …"). Anything else (a real fault) keeps its traceback.
"""

from __future__ import annotations

import logging
import sys
import traceback

log = logging.getLogger("unesco_assistant.ui")
PREFIX = "refused a malformed request"


def malformed(exc: BaseException | None) -> bool:
    """True for the errors a client's malformed request causes before any handler runs."""
    if exc is None:
        return False
    import gradio as gr
    from gradio.exceptions import InvalidPathError

    try:
        from gradio.route_utils import FnIndexInferError
    except ImportError:  # pragma: no cover - older Gradio
        FnIndexInferError = ()  # noqa: N806
    try:
        from pydantic import ValidationError
    except ImportError:  # pragma: no cover
        ValidationError = ()  # noqa: N806
    if isinstance(exc, (gr.Error, InvalidPathError, ValidationError, FnIndexInferError)):
        return True
    return isinstance(exc, ValueError) and "didn't receive enough input values" in str(exc)


def one_line(exc: BaseException) -> str:
    text = " ".join(str(getattr(exc, "message", None) or exc).split())
    return f"{PREFIX}: {type(exc).__name__}: {text[:300]}"


class _Traceback:
    """The `traceback` module as Gradio's queue sees it: `print_exc` logs one line for a malformed request."""

    def __getattr__(self, name: str):
        return getattr(traceback, name)

    def print_exc(self, *args, **kwargs) -> None:
        exc = sys.exc_info()[1]
        if malformed(exc):
            log.warning(one_line(exc))
        else:
            traceback.print_exc(*args, **kwargs)


class _OneLine(logging.Filter):
    """On uvicorn's error logger: "Exception in ASGI application" for an unknown endpoint or event id."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and (malformed(exc) or (isinstance(exc, KeyError) and "ASGI" in record.getMessage())):
            log.warning(one_line(exc))
            return False
        return True


_installed = False


def quiet_malformed_requests() -> None:
    """Install both (once per process)."""
    global _installed
    if _installed:
        return
    import gradio.queueing
    import gradio.route_utils
    import gradio.routes

    for module in (gradio.queueing, gradio.routes, gradio.route_utils):
        if getattr(module, "traceback", None) is traceback:
            module.traceback = _Traceback()
    logging.getLogger("uvicorn.error").addFilter(_OneLine())
    _installed = True
