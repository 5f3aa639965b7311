"""Stage ``parse``: spaCy over the body in batches (``nlp.pipe``), loaded once.

Fills ``sentences`` (character spans into ``text``) and the transient ``parsed``
(the spaCy ``Doc``: tokens, tags, dependencies, entities) that later stages in
the same batch read. ``parsed`` is never written to JSON or the store.
Components no stage needs (the sentence recogniser: the parser splits sentences) do not run;
the lemmatizer runs for the events stage's trigger lexicon.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from ..pipeline import DocStage
from ..types import Doc, Sentence

#: Components of the English pipelines that no tieline stage reads.
UNUSED_COMPONENTS = ("senter",)


class ParseStage(DocStage):
    """Fill ``sentences`` and ``parsed``."""

    name = "parse.spacy.v1"
    requires = ("text", "language")
    assigns = ("sentences", "parsed")

    def __init__(self, nlp=None, batch_size: int = 32, model: str | None = None):
        self._nlp = nlp
        self.model = model
        self.batch_size = batch_size

    @property
    def nlp(self):
        if self._nlp is None:
            from ..nlp import load_model

            self._nlp = load_model(self.model)
        return self._nlp

    def pipe(self, docs: Sequence[Doc]) -> Iterator[Doc]:
        todo = [doc for doc in docs if self.applies_to(doc)]
        if todo:
            self._parse(todo)
        yield from docs

    def _parse(self, docs: list[Doc]) -> None:
        disabled = [name for name in UNUSED_COMPONENTS if name in self.nlp.pipe_names]
        with self.nlp.select_pipes(disable=disabled):
            parsed = self.nlp.pipe((doc.text for doc in docs), batch_size=self.batch_size)
            for doc, spacy_doc in zip(docs, parsed):
                doc.parsed = spacy_doc
                doc.sentences = [_trimmed(doc.text, sent.start_char, sent.end_char) for sent in spacy_doc.sents]
                doc.stages["parse"] = self.name


def _trimmed(text: str, start: int, end: int) -> Sentence:
    """A sentence span without the whitespace spaCy keeps after it."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end)
