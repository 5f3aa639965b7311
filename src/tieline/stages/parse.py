"""Stage ``parse``: spaCy over the body in batches (``nlp.pipe``), loaded once.

Fills ``sentences`` (character spans into ``text``) and the transient ``parsed``
(the spaCy ``Doc``: tokens, tags, dependencies, entities) that later stages in
the same batch read. ``parsed`` is never written to JSON or the store.
Components no stage needs (the sentence recogniser: the parser splits sentences) do not run;
the lemmatizer runs for the events stage's trigger lexicon. With ``skip=True``
(``--skip-sentences``) the sentences that cannot hold a record (``tieline.prefilter``) are
blanked in the text spaCy parses and listed in ``unparsed``; offsets are unchanged.
"""

from __future__ import annotations

import logging

from typing import Iterator, Sequence

from ..pipeline import DocStage
from ..types import Doc, Problem, Sentence

log = logging.getLogger(__name__)

#: The longest body parsed, in characters (a long news article has 30,000; spaCy's own limit is 1,000,000).
MAX_CHARS = 200_000
#: Components of the English pipelines that no tieline stage reads.
UNUSED_COMPONENTS = ("senter",)


class ParseStage(DocStage):
    """Fill ``sentences`` and ``parsed``."""

    name = "parse.spacy.v1"
    requires = ("text", "language")
    assigns = ("sentences", "unparsed", "parsed")

    def __init__(self, nlp=None, batch_size: int = 32, model: str | None = None, skip: bool = False, tables=(),
                 max_chars: int = MAX_CHARS):
        self._nlp = nlp
        self.model = model
        self.batch_size = batch_size
        #: A body longer than this is not parsed: kept, marked ``skipped: too_long`` with a problem.
        self.max_chars = max_chars
        #: Parse only the sentences that can hold a record (``tieline.prefilter``); the others are
        #: blanked in the text spaCy sees and listed in ``Doc.unparsed``. Off by default: on the gold
        #: sets it still costs some quote attribution (docs/benchmarks.md).
        self.skip = skip
        self.tables = tuple(str(table) for table in tables)

    @property
    def prefilter(self):
        from ..prefilter import from_knowledge

        return from_knowledge(self.tables)

    @property
    def nlp(self):
        if self._nlp is None:
            from ..nlp import load_model

            self._nlp = load_model(self.model)
        return self._nlp

    def pipe(self, docs: Sequence[Doc]) -> Iterator[Doc]:
        todo = [doc for doc in docs if self.applies_to(doc) and self.short_enough(doc)]
        if todo:
            self._parse(todo)
        yield from docs

    def short_enough(self, doc: Doc) -> bool:
        """A body of at most ``max_chars``; a longer one is marked and left unparsed (one such
        document must not stop its batch: spaCy refuses texts over its own limit)."""
        if len(doc.text) <= self.max_chars:
            return True
        doc.problems.append(Problem(self.name, "too_long",
                                    f"{len(doc.text):,} characters; the parse stage's limit is {self.max_chars:,} "
                                    "(raise --max-chars to parse it)"))
        doc.skipped = "too_long"
        return False

    def _parse(self, docs: list[Doc]) -> None:
        disabled = [name for name in UNUSED_COMPONENTS if name in self.nlp.pipe_names]
        with self.nlp.select_pipes(disable=disabled):
            try:
                parsed = list(self.nlp.pipe((self._to_parse(doc) for doc in docs), batch_size=self.batch_size))
            except Exception:  # noqa: BLE001 - one document must not sink its batch: find it, parse the rest
                self._parse_one_by_one(docs)
                return
            for doc, spacy_doc in zip(docs, parsed):
                self._fill(doc, spacy_doc)

    def _parse_one_by_one(self, docs: list[Doc]) -> None:
        for doc in docs:
            try:
                spacy_doc = self.nlp(self._to_parse(doc))
            except Exception as error:  # noqa: BLE001 - kept and marked, never dropped
                log.warning("%s: stage %s failed: %s", doc.source, self.name, error)
                doc.problems.append(Problem(self.name, "error", f"{type(error).__name__}: {error}"))
                doc.skipped = doc.skipped or "parse_error"
                continue
            self._fill(doc, spacy_doc)

    def _fill(self, doc: Doc, spacy_doc) -> None:
        doc.parsed = spacy_doc
        spans = (_trimmed(doc.text, sent.start_char, sent.end_char) for sent in spacy_doc.sents)
        doc.sentences = [piece for span in spans for piece in _outside(span, doc.unparsed, doc.text)]
        doc.stages["parse"] = self.name

    def _to_parse(self, doc: Doc) -> str:
        """The text spaCy parses: the body, with the sentences that cannot hold a record blanked."""
        if not self.skip:
            doc.unparsed = []
            return doc.text
        from ..prefilter import masked

        _, skipped = self.prefilter.split(doc.text)
        doc.unparsed = [Sentence(start, end) for start, end in skipped]
        return masked(doc.text, skipped)


def _trimmed(text: str, start: int, end: int) -> Sentence:
    """A sentence span without the whitespace spaCy keeps around it."""
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return Sentence(start, end)


def _outside(span: Sentence, skipped: list[Sentence], text: str) -> list[Sentence]:
    """The parts of a parsed sentence outside the skipped ones (spaCy may read a blanked sentence
    as part of its neighbour, or two kept sentences around a blank as one)."""
    pieces, start = [], span.start
    for gap in skipped:
        if gap.end <= start or gap.start >= span.end:
            continue
        pieces.append(_trimmed(text, start, gap.start))
        start = gap.end
    pieces.append(_trimmed(text, start, span.end))
    return [piece for piece in pieces if piece.end > piece.start]
