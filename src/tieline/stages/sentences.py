"""Stage ``sentences``: sentence spans of the body, from spaCy in batches (``nlp.pipe``).

Only the components sentence splitting needs run; the model is loaded once.
Later stages (quotes, events) cite these spans as their evidence.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from ..pipeline import DocStage
from ..types import Doc, Sentence


class SentencesStage(DocStage):
    """Fill ``sentences`` with character spans into ``text``."""

    name = "sentences.spacy.v1"
    requires = ("text", "language")
    assigns = ("sentences",)

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

    def sentence_components(self) -> list[str]:
        """Run the fast statistical sentence splitter where the model has one."""
        names = self.nlp.component_names
        if "senter" in names:
            return ["senter"]
        return [name for name in ("tok2vec", "parser", "sentencizer") if name in names]

    def pipe(self, docs: Sequence[Doc]) -> Iterator[Doc]:
        todo = [doc for doc in docs if self.applies_to(doc)]
        if todo:
            self._split(todo)
        yield from docs

    def _split(self, docs: list[Doc]) -> None:
        enabled = self.sentence_components()
        disabled = [name for name in self.nlp.pipe_names if name not in enabled]
        with self.nlp.select_pipes(disable=disabled):
            for name in enabled:
                if name in self.nlp.disabled:
                    self.nlp.enable_pipe(name)
            parsed = self.nlp.pipe((doc.text for doc in docs), batch_size=self.batch_size)
            for doc, spacy_doc in zip(docs, parsed):
                doc.sentences = [Sentence(sent.start_char, sent.end_char) for sent in spacy_doc.sents]
                doc.stages["sentences"] = self.name
