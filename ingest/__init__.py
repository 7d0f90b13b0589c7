"""Ingest: load files, clean them, chunk, embed and store in Chroma (+ a BM25 index)."""
