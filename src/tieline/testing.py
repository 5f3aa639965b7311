"""Test doubles that need no model, so stage tests run in milliseconds.

    >>> from tieline.testing import make_doc
    >>> make_doc("Title\\n\\nBody.").id == make_doc("Title\\n\\nBody.").id
    True
"""

from __future__ import annotations

from typing import Any

from .types import Doc, content_id


def make_doc(raw: str = "", source: str = "test.txt", **fields: Any) -> Doc:
    """A ``Doc`` as a plain-text reader would make it; ``fields`` override any field."""
    values = {"id": content_id(raw), "source": source, "raw": raw, "format": "text"}
    values.update(fields)
    return Doc(**values)


def blank_nlp():
    """A spaCy English pipeline with only a rule-based sentencizer (no model download)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
