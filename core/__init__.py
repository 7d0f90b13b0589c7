"""The floor below everything: shared types, errors, settings, text helpers and the protocols at the seams."""
