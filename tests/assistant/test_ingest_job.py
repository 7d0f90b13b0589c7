"""The first-run background ingest, in the process that owns a real store: questions are answered while it
writes, documents become searchable batch by batch, an interrupted job resumes at the next start, and a
completed library is not ingested again."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import LIBRARY

SMALL = ["RECOMMENDATION_0201_013135_1978.txt", "DECLARATION_0201_013147_1966.txt",
         "DECLARATION_0201_017518_1972.txt"]


@pytest.fixture
def small_library(tmp_path):
    """The seeds and the three smallest instruments, with their library.json entries."""
    root = tmp_path / "corpus"
    shutil.copytree(LIBRARY / "seeds", root / "seeds")
    (root / "instruments").mkdir()
    for name in SMALL:
        shutil.copy(LIBRARY / "instruments" / name, root / "instruments" / name)
    entries = json.loads((LIBRARY / "library.json").read_text(encoding="utf-8"))
    keep = {k: v for k, v in entries.items() if k.startswith("seeds/") or k.split("/")[-1] in SMALL}
    (root / "library.json").write_text(json.dumps(keep), encoding="utf-8")
    return root


def test_questions_are_answered_while_the_library_is_ingested_and_a_rerun_resumes(small_library, settings, embedder):
    from assistant.api import Assistant
    from assistant.ingest_job import LIBRARY_MARKER, library_job

    a = Assistant.open(settings)
    seen: list[tuple[int, int]] = []
    job = library_job(a, small_library, progress=lambda j: seen.append((j.files_done, len(j.files))))
    assert job is not None
    assert a.documents(), "the seeds are ingested before the job starts"
    answers = []
    while not job.finished:  # ask throughout: the job releases the write lock between batches
        answers.append(a.search("Which bridge did UNESCO help rebuild?", 3))
        job.wait(0.5)
    assert job.error is None, job.error
    assert answers and all(p for p in answers), "every search during the ingest found passages"
    assert job.searchable == job.total == 5 and "All 5 documents searchable" in job.status()
    assert seen[-1] == (len(job.files), len(job.files))
    assert (settings.store_dir / LIBRARY_MARKER).exists()
    assert library_job(a, small_library) is None  # done once: not again at the next start
    a.delete_document(a.documents()[0].id)
    assert library_job(a, small_library) is None  # a document deleted since is not brought back
    a.close()


def test_a_cancelled_job_keeps_what_it_wrote_and_the_next_start_finishes(small_library, settings, embedder):
    from assistant.api import Assistant
    from assistant.ingest_job import IngestJob, library_job

    a = Assistant.open(settings)
    a.ingest([small_library / "seeds"])
    job = IngestJob(a, [small_library], batch_bytes=1)  # one file per batch
    job.progress = lambda j: j.cancel()  # stop after the first batch
    job.start().wait()
    assert job.error is None and 2 <= len(a.documents()) < 5
    partial = len(a.documents())
    assert "ingest stopped" in job.status()
    a.close()

    b = Assistant.open(settings)  # the next start: no marker yet, so the job runs again and skips what is in
    job = library_job(b, small_library)
    assert job is not None and job.wait(600) and job.error is None
    assert len(b.documents()) == 5 and len(job.report.unchanged) >= partial
    b.close()


@pytest.mark.parametrize("searchable, total, finished, cancelled, said", [
    (42, 81, False, False, "42 of 81 documents searchable; the rest are being added."),
    # a store ingested before: every document is searchable while its files are checked for changes
    (81, 81, False, False, "All 81 documents searchable; checking the library's files for changes (12 of 84)."),
    (81, 81, True, False, "All 81 documents searchable."),
    (60, 81, True, True, "60 of 81 documents searchable (ingest stopped)."),
])
def test_the_status_line_says_what_is_happening(searchable, total, finished, cancelled, said):
    from assistant.ingest_job import status_line

    assert status_line(searchable, total, finished=finished, cancelled=cancelled, checked=12, files=84) == said
