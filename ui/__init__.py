"""Gradio web UI: a thin shell over `assistant.Assistant`."""
