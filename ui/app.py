"""The web app: `build_app` lays out the tabs over one `Assistant`; `launch` serves it.

    from assistant import Settings
    from ui.app import launch
    launch(Settings(), host="127.0.0.1", port=7860, auth=("ana", "secret"))

One process owns the store: chat, lookup, ingest and delete all go through the same `Assistant`
(thread-safe for reads; ingest and delete serialise themselves and share one queue slot here).
Nothing is fetched from the internet, no file outside Gradio's own upload cache is served, and every
handler turns errors into short messages.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported anywhere

import gradio as gr

from core.errors import ConfigError
from core.settings import AUTH_ENV, Settings, parse_auth
from ui import chat_tab, corpus_tab, evals_tab, ingest_status, lookup_tab, theme
from ui.api import make_ask

log = logging.getLogger("unesco_assistant.ui")


DEFAULT_CONCURRENCY = 4  # answers computed at once (CPU-bound embedding + scoring)
DEFAULT_MAX_QUEUE = 64  # requests waiting beyond that are refused with "queue full"
# Browser sessions whose state (the conversation, ~0.4 MB each with Gradio's bookkeeping) is kept in memory,
# least recently used dropped first. Gradio's default, 10,000, let a long-running server grow by ~4 GB.
DEFAULT_SESSIONS = 200


def build_app(assistant, settings: Settings, ingest_job=None) -> gr.Blocks:
    """The Blocks app (not launched). Style it with `launch_style()` when launching it yourself."""
    with gr.Blocks(title="UNESCO Assistant", analytics_enabled=False, fill_width=True,
                   delete_cache=(3600, 86400)) as demo:  # uploads leave Gradio's cache after a day
        header = gr.HTML(_header(assistant, settings), elem_id="ua-header", apply_default_css=False)
        ingest_status.build(ingest_job)  # "n of N documents searchable" during a first-run background ingest
        demo.load(lambda: _header(assistant, settings), None, header, api_visibility="private", queue=False,
                  show_progress="hidden")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                chat = chat_tab.build(assistant, demo)
            with gr.Tab("Lookup", id="lookup"):
                lookup_tab.build(assistant)
            with gr.Tab("Corpus", id="corpus"):
                corpus_tab.build(assistant, demo, also=[
                    (header, lambda: _header(assistant, settings)),
                    (chat["scope"], lambda: gr.update(choices=chat_tab.scope_choices(assistant))),
                ])
            with gr.Tab("Evals", id="evals") as evals:
                evals_tab.build(assistant, settings, opened=evals.select)
        gr.api(make_ask(assistant), api_name="ask")
    return demo


def launch_style() -> dict:
    """Theme, stylesheet and page script: `demo.launch(**launch_style(), ...)`."""
    return {"theme": theme.theme(), "css": theme.CSS, "head": theme.HEAD}


@dataclass
class RunningApp:
    demo: gr.Blocks
    url: str
    assistant: object
    seconds_to_ready: float

    def close(self) -> None:
        self.demo.close()


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860,
           auth: tuple[str, str] | None = None, ready_callback: Callable[[str], None] | None = None, *,
           block: bool = True, assistant=None, concurrency: int = DEFAULT_CONCURRENCY,
           max_queue: int = DEFAULT_MAX_QUEUE, quiet: bool = False, ingest_job=None) -> RunningApp:
    """Open the store (unless `assistant` is given), build the app and serve it.

    `auth` (or `UNESCO_ASSISTANT_AUTH=user:pass`) turns on a login that guards the page and the API.
    `ready_callback(url)` runs once the server answers. With `block=False` this returns at once with
    the running app (tests); otherwise it serves until interrupted.
    """
    t0 = time.perf_counter()
    if concurrency < 1:
        raise ConfigError(f"concurrency must be at least 1. Currently, it is {concurrency}.")
    if max_queue < 1:
        raise ConfigError(f"max_queue must be at least 1. Currently, it is {max_queue}.")
    auth = auth or auth_from_env()
    if assistant is None:
        from assistant.api import Assistant

        assistant = Assistant.open(settings)
    demo = build_app(assistant, settings, ingest_job)
    demo.queue(default_concurrency_limit=concurrency, max_size=max_queue, api_open=True)
    from ui.request_log import quiet_malformed_requests

    quiet_malformed_requests()  # a malformed request: one log line, not Gradio's traceback
    _, url, _ = demo.launch(
        server_name=host, server_port=port, auth=_guarded(auth),
        auth_message="Sign in to the UNESCO Assistant." if auth else None,
        prevent_thread_lock=True, share=False, inbrowser=False, show_error=False, quiet=quiet,
        max_file_size=corpus_tab.MAX_FILE_SIZE, allowed_paths=[], blocked_paths=_blocked(settings),
        footer_links=["api", "settings"], ssr_mode=False, pwa=False, mcp_server=False,
        enable_monitoring=False, strict_cors=True, app_kwargs={"middleware": _host_check(host)},
        state_session_capacity=DEFAULT_SESSIONS,
        **launch_style(),
    )
    running = RunningApp(demo, url, assistant, time.perf_counter() - t0)
    log.info("UI ready at %s after %.1f s", url, running.seconds_to_ready)
    if ready_callback is not None:
        ready_callback(url)
    if block:
        try:
            demo.block_thread()
        finally:
            demo.close()
    return running


def _guarded(auth):
    """The login check with a rate limit on wrong passwords (`ui.limits.LoginGuard`)."""
    from ui.limits import LoginGuard

    if isinstance(auth, tuple) and len(auth) == 2:
        return LoginGuard(*auth)
    return auth


def auth_from_env() -> tuple[str, str] | None:
    try:
        return parse_auth(os.environ.get(AUTH_ENV, ""))
    except ValueError as e:
        raise ConfigError(f"{AUTH_ENV}: {e}.") from None


LOOPBACK_NAMES = ["127.0.0.1", "localhost"]


def _host_check(host: str) -> list:
    """On a loopback address, answer only requests addressed to a loopback name: a web page that rebinds its
    own domain to 127.0.0.1 (DNS rebinding) then gets 400 instead of the documents. Served on a network
    (`--host 0.0.0.0` or an address), any name is accepted; use `--auth` there."""
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    if host not in LOOPBACK_NAMES:
        return []
    return [Middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_NAMES)]


def _blocked(settings: Settings) -> list[str]:
    from core.settings import BUNDLED_CORPUS

    return [str(settings.store_dir), str(BUNDLED_CORPUS)]


def _header(assistant, settings: Settings) -> str:
    from ui.header import header_html

    return header_html(assistant, settings.answerer)
