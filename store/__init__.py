"""Where chunks live: the embedders (sentence-transformers, ONNX Runtime), the Chroma store (embedded or server) and
the keyword index derived from it."""
