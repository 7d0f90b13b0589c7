"""Fixtures for the UI tests: a real store built from `corpus/`, the real app on a free 127.0.0.1 port,
and Debian's chromium driven by playwright.

`tests/conftest.py` loads this module as a plugin (`pytest_plugins = ["tests.ui_fixtures", ...]`), so
every test can ask for `ui_settings`, `ui_assistant`, `ui_app`, `ui_browser` and `ui_page`. The store is
the UI tests' own (not the read-only `seeded` one): the browser tests ingest and delete documents in it.
`made_app` / `made_page` are the app as `make run` starts it (its own process, the default store location
under a temporary HOME).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from evals.servers import free_port  # the UI tests import it from here

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
INSTRUMENTS = Path(__file__).resolve().parent.parent / "corpus" / "instruments"
# Four instruments the scope and provenance tests ingest: two of 2015, one of 1960 (Recommendations), one Convention.
MUSEUMS_2015 = "RECOMMENDATION_0201_049357_2015"
DOCUMENTARY_2015 = "RECOMMENDATION_0201_049358_2015"
MUSEUMS_1960 = "RECOMMENDATION_0201_013063_1960"
WORLD_HERITAGE = "CONVENTION_0201_013055_1972_paris"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-default-apps"]
LOCAL_PREFIXES = ("http://127.0.0.1", "data:", "blob:", "about:")


@pytest.fixture(scope="session")
def ui_settings(tmp_path_factory):
    """Settings for a fresh store in a temporary folder."""
    from core.settings import Settings

    return Settings(store_dir=tmp_path_factory.mktemp("ui-store") / "store")


@pytest.fixture(scope="session")
def ui_assistant(ui_settings):
    """A real `Assistant` over a store holding the bundled corpus."""
    from assistant.api import Assistant

    assistant = Assistant.open(ui_settings)
    report = assistant.ingest([CORPUS])
    assert report.added, f"the bundled corpus ingested nothing: {report}"
    yield assistant
    assistant.close()


@pytest.fixture(scope="session")
def ui_app(ui_settings, ui_assistant):
    """The app served on a free 127.0.0.1 port in this process; `.url`, `.assistant`, `.seconds_to_ready`."""
    from ui.app import launch

    running = launch(ui_settings, port=free_port(), block=False, assistant=ui_assistant, quiet=True)
    yield running
    running.close()


LOGIN = ("ana", "s3cret-pass")


@pytest.fixture(scope="module")
def locked_app(ui_settings, ui_assistant):
    """The app served with a login (`LOGIN`), on its own free port."""
    from ui.app import launch

    running = launch(ui_settings, port=free_port(), block=False, assistant=ui_assistant, quiet=True, auth=LOGIN)
    yield running
    running.close()


@pytest.fixture(scope="session")
def ui_browser():
    """Headless Debian chromium (skips when it is not installed: run scripts/install_browser.sh)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/install_browser.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def ui_page(ui_browser, ui_app) -> Iterator:
    """A fresh page (own cookies and session) on the app. `page.external_requests` lists every request
    that left 127.0.0.1; `page.console_errors` the page's console errors."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = ui_browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.external_requests = []
    page.console_errors = []
    page.on("request", lambda r: None if r.url.startswith(LOCAL_PREFIXES) else page.external_requests.append(r.url))
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: d.accept())
    page.goto(ui_app.url)
    page.wait_for_selector("#ua-question textarea", timeout=30_000)
    yield page
    context.close()


# -- the app as `make run` starts it ------------------------------------------------------------------------

@dataclass
class MadeApp:
    """`unesco-assistant ui` in its own process with the default store: `home/.local/share/unesco-assistant/`."""

    url: str
    home: Path
    data_dir: Path  # <home>/.local/share/unesco-assistant: store/ and eval-reports/
    process: subprocess.Popen


def make_run_env(home: Path, tmp: Path) -> dict[str, str]:
    """The environment of a user running `make run`: their own HOME (so the store and eval reports sit in
    ~/.local/share/unesco-assistant), a temp dir outside that HOME (as on a user's machine, so Gradio's
    temp-dir allowance does not cover the reports), the user's model cache kept (no second ONNX export)."""
    from platformdirs import user_cache_dir

    env = {k: v for k, v in os.environ.items() if not k.startswith(("UNESCO_ASSISTANT_", "XDG_DATA"))}
    env.update(HOME=str(home), TMPDIR=str(tmp), XDG_CACHE_HOME=str(Path(user_cache_dir()).resolve()),
               GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    return env


@contextlib.contextmanager
def made_run_app(home: Path, tmp: Path, paths: Sequence[Path] = (CORPUS,)) -> Iterator[MadeApp]:
    """`unesco-assistant ingest PATHS`, then `unesco-assistant ui --no-ingest` serving them on a free port, both
    with `make run`'s default store location (under `home`)."""
    from evals.servers import answers, stop, wait_until_ready

    env = make_run_env(home, tmp)
    cli = str(Path(sys.executable).parent / "unesco-assistant")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([cli, "ingest", *map(str, paths)], env=env, cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    data_dir = home / ".local" / "share" / "unesco-assistant"
    assert (data_dir / "store").is_dir(), "the store is where make run puts it"
    port = free_port()
    log = (tmp / "server.log").open("w")
    proc = subprocess.Popen([cli, "ui", "--port", str(port), "--no-ingest"], env=env, cwd=root, stdout=log,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_ready(lambda: answers(url, timeout_s=2), timeout_s=300, process=proc, what="unesco-assistant ui")
        yield MadeApp(url, home, data_dir, proc)
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="session")
def made_app(tmp_path_factory) -> Iterator[MadeApp]:
    """The seed pages ingested with `unesco-assistant ingest`, then `unesco-assistant ui` serving them on a free
    port, both with `make run`'s default store location (under a temporary HOME)."""
    with made_run_app(tmp_path_factory.mktemp("home"), tmp_path_factory.mktemp("server-tmp")) as app:
        yield app


@pytest.fixture
def made_page(ui_browser, made_app) -> Iterator:
    """A fresh browser context on the `make run` app; `page.console_errors` and `page.external_requests` as in
    `ui_page`, clipboard access granted (the copy button)."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = ui_browser.new_context(viewport={"width": 1400, "height": 1000})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=made_app.url.rstrip("/"))
    page = context.new_page()
    page.external_requests = []
    page.console_errors = []
    page.on("request", lambda r: None if r.url.startswith(LOCAL_PREFIXES) else page.external_requests.append(r.url))
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.goto(made_app.url)
    page.wait_for_selector("#ua-question textarea", timeout=60_000)
    yield page
    context.close()
