"""Turn exceptions into short messages for the page; never a traceback.

`AssistantError` messages are written for users and shown as they are. Anything else is logged with
its traceback on the server and shown as a one-line apology.
"""

from __future__ import annotations

import logging

import gradio as gr

from core.errors import AssistantError
from ui.escape import html_text

log = logging.getLogger("unesco_assistant.ui")

UNEXPECTED = "Something went wrong on the server ({kind}). The details are in the server log."


def user_message(exc: BaseException) -> str:
    """The message a user sees for `exc` (logging unexpected ones with their traceback)."""
    if isinstance(exc, gr.Error):
        return exc.message
    if isinstance(exc, AssistantError):
        return str(exc) or type(exc).__name__
    log.error("unexpected error in a UI handler", exc_info=exc)
    return UNEXPECTED.format(kind=type(exc).__name__)


def as_gr_error(exc: BaseException) -> gr.Error:
    """A `gr.Error` for `exc`; raise it from a handler. Toasts render HTML, so the text is escaped."""
    return gr.Error(html_text(user_message(exc)), print_exception=False)


def warn(message: str) -> None:
    """A yellow toast that does not stop the handler (escaped, like every toast)."""
    gr.Warning(html_text(message))


def info(message: str) -> None:
    gr.Info(html_text(message))
