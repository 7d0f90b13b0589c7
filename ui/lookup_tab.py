"""Lookup tab: paste a quote or a citation id, see where it comes from, best match first."""

from __future__ import annotations

import gradio as gr

from ui import viewer
from ui.errors import user_message
from ui.escape import html_text

HELP = ('<p class="ua-muted">Paste a sentence you read in an answer (or anywhere), or a citation id such as '
        "the one under a source. Matches are ranked; an exact match comes first.</p>")


def message_html(text: str) -> str:
    """A short message in the results area (it replaces earlier results, so none look like a match)."""
    return f'<div class="ua-lookup-none">{html_text(text)}</div>'


def make_lookup(assistant):
    def lookup(text: str) -> str:
        """Results for a quote or citation id; on any problem a message in their place (never stale hits)."""
        if not (text or "").strip():
            return message_html("Paste a quote or a citation id first.")
        try:
            hits = assistant.lookup(text)
        except Exception as exc:  # noqa: BLE001 - shown as a message where the results were
            return message_html(user_message(exc))
        return viewer.lookup_html(text, hits)

    return lookup


def build(assistant) -> None:
    gr.HTML(HELP, apply_default_css=False)
    with gr.Row():
        query = gr.Textbox(label="Quote or citation id", lines=2, max_lines=8, scale=5, elem_id="ua-lookup-q",
                           max_length=20_000)
        go = gr.Button("Look up", variant="primary", scale=1, min_width=100, elem_id="ua-lookup-go")
    results = gr.HTML("", elem_id="ua-lookup-results", apply_default_css=False)
    lookup = make_lookup(assistant)
    go.click(lookup, query, results, api_name="lookup")
    query.submit(lookup, query, results, api_visibility="private")
