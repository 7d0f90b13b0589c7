"""The same code path against a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import pytest

from assistant.api import Assistant
from core.errors import StoreUnavailableError
from core.settings import Settings
from tests.conftest import CORPUS, free_port, run_cli

pytestmark = pytest.mark.server


def test_ingest_and_ask_through_a_server_and_survive_a_restart(chroma_server, tmp_path):
    url, stop, start = chroma_server
    a = Assistant.open(Settings(chroma_url=url, store_dir=tmp_path / "unused"))
    r = a.ingest([CORPUS])
    assert len(r.added) == 2 and a.store.count() == r.chunks_written
    assert "2004" in a.ask("In which year was the Mostar Bridge rebuilt?").text
    assert sorted(a.store.keyword_index().ids) == sorted(a.store.chunk_ids())

    stop()  # the server goes away during a chat
    with pytest.raises(StoreUnavailableError, match="chroma run"):
        a.ask("What is science diplomacy?")
    with pytest.raises(StoreUnavailableError):
        a.ingest([CORPUS])
    start()  # ... and comes back: the same Assistant works again, no restart
    assert a.ask("What is science diplomacy?").citations
    assert sorted(a.ingest([CORPUS]).unchanged) == sorted(r.added)
    a.close()


def test_cli_against_the_server(chroma_server):
    url, _, _ = chroma_server
    assert run_cli("ingest", str(CORPUS), "--chroma-url", url).returncode == 0
    r = run_cli("ask", "Which bridge did UNESCO help rebuild?", "--chroma-url", url)
    assert r.returncode == 0 and "Mostar" in r.stdout


def test_unreachable_server_at_start_is_a_clear_message():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreUnavailableError, match=url):
        Assistant.open(Settings(chroma_url=url))
    r = run_cli("documents", "--chroma-url", url)
    assert r.returncode == 1 and "Cannot reach the Chroma server" in r.stderr and "Traceback" not in r.stderr
