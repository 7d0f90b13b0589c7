"""What the embedding engine keeps in a long-running server's memory (docs/reliability.md, Load).

- With the verified ONNX export, chunking counts tokens with the export's copy of the model's tokenizer: the
  same ids as sentence-transformers' tokenizer, so an ingest or an upload never imports torch, transformers and
  sentence-transformers (they stayed in the server for good: ~310 MB, 475 MB more after the first ingest).
- The ONNX Runtime session has no CPU memory arena, which kept the largest activations it ever held.

Real model, real export, real ingest in a fresh Python process.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def encoder(embedder):
    from store import onnx_embedder

    folder = onnx_embedder.export(embedder.model, embedder.path)  # no-op when this user already has it
    if folder is None:
        pytest.skip("no verified ONNX export of the model here")
    return onnx_embedder.OnnxEncoder(folder)


def _texts() -> list[str]:
    """Whole documents of the bundled library, random slices of them (cut anywhere, mid-word included) and odd
    strings."""
    rng = random.Random(7)
    out = ["", " ", "x", "\u202eabc", "中文字符" * 300, "é" * 3000, "a\x00b\tc\n\nd", "Science diplomacy " * 400]
    files = sorted((ROOT / "corpus").rglob("*.txt"))
    assert len(files) > 50
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        out.append(text)
        for _ in range(5):
            a = rng.randrange(len(text))
            out.append(text[a:a + rng.randrange(1, 3000)])
    return out


def test_token_ids_are_those_of_the_sentence_transformers_tokenizer(encoder, embedder):
    reference = embedder.model.tokenizer
    texts = _texts()
    differ = [t[:60] for t in texts if encoder.token_ids(t) != reference.encode(t, add_special_tokens=False)]
    assert not differ, f"{len(differ)} of {len(texts)} texts tokenised differently: {differ[:3]}"
    assert embedder.tokenize(texts[-1]) == reference.encode(texts[-1], add_special_tokens=False)
    question = "Which bridge did UNESCO help rebuild?"
    assert embedder.count_tokens(question) == len(reference.encode(question, add_special_tokens=False)) > 5


def test_the_session_has_no_cpu_memory_arena(encoder):
    assert encoder.session.get_session_options().enable_cpu_mem_arena is False


PROBE = """
import json, sys
from pathlib import Path
from assistant.api import Assistant
from core.settings import Settings
a = Assistant.open(Settings(store_dir=Path(sys.argv[1])))
report = a.ingest([Path(sys.argv[2])])
answer = a.ask("Which bridge did UNESCO help rebuild?")
print(json.dumps({"added": len(report.added), "answer": answer.text,
                  "loaded": sorted(m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules)}))
"""


def test_an_ingest_never_imports_torch_when_the_export_exists(encoder, tmp_path):
    """A fresh process (the server's situation): open a store, ingest the seed pages, answer a question."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "store"), str(ROOT / "corpus" / "seeds")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["added"] == 2 and "Mostar" in out["answer"]
    assert out["loaded"] == [], f"the ingest imported {out['loaded']}"
