"""'n of N documents searchable' while the bundled library is ingested in the background (first run).

A Markdown line under the header, refreshed every few seconds by a `gr.Timer` that stops once the job is done.
The job (`assistant.ingest_job.IngestJob`) runs in this process; this only reads its counters.
"""

from __future__ import annotations

import gradio as gr

REFRESH_S = 3.0


def build(job) -> gr.Markdown | None:
    if job is None:
        return None
    # the line as it stands when a page loads (a page opened after the job finished shows none), then refreshed
    line = gr.Markdown(lambda: _line(job), elem_id="ua-ingest-status")
    timer = gr.Timer(REFRESH_S, active=not job.finished)

    def refresh():
        return _line(job), gr.Timer(active=not job.finished)

    timer.tick(refresh, None, [line, timer], api_visibility="private", queue=False, show_progress="hidden")
    return line


def _line(job) -> str:
    if job.finished and job.error is None:
        return ""
    return f"⏳ {job.status()}"
