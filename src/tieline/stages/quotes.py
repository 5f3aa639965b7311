"""Stage ``quotes``: direct, partial and indirect quotes, each with its speaker.

Method in ``tieline.quotes.direct`` (quoted text) and ``tieline.quotes.indirect``
(reported speech); speakers are the actors the ``actors`` stage found, so a pronoun
or a surname at the cue names the full person. Cue words: ``resources/quote_cues.tsv``.
"""

from __future__ import annotations

from ..budget import TIME_BUDGET, within
from ..pipeline import DocStage
from ..quotes.direct import Found, find_quoted
from ..quotes.indirect import find_reported
from ..quotes.speakers import SpeakerIndex
from ..types import Doc


class QuotesStage(DocStage):
    """Fill ``quotes``."""

    #: v2: ``cue`` is the cue as the text writes it ("According to"), so ``text[cue_start:cue_end]`` is it.
    name = "quotes.rules.v2"
    requires = ("text", "parsed", "actors")
    assigns = ("quotes",)

    def __init__(self, time_budget: float | None = TIME_BUDGET):
        #: Seconds one document may spend in the stages after the parse (``tieline.budget``).
        self.time_budget = time_budget

    def process(self, doc: Doc) -> None:
        if doc.parsed is None:
            raise ValueError("no parse: run the parse stage before quotes")
        with within(doc, self.time_budget, self.name):
            speakers = SpeakerIndex(doc.text, doc.actors)
            quoted = find_quoted(doc.parsed, speakers)
            reported = find_reported(doc.parsed, speakers, [(q.start, q.end) for q in quoted])
            found = sorted(quoted + reported, key=lambda q: (q.start, q.end))
            doc.quotes = [self.record(doc, index, quote) for index, quote in enumerate(found)]

    def record(self, doc: Doc, index: int, quote: Found) -> dict:
        speaker = quote.speaker
        return {
            "id": f"{doc.id}:q{index}",
            "text": doc.text[quote.start : quote.end],
            "start": quote.start,
            "end": quote.end,
            "kind": quote.kind,
            "speaker": speaker.name if speaker else None,
            "speaker_id": speaker.id if speaker else None,
            "speaker_type": speaker.type if speaker else None,
            "speaker_mention": speaker.mention if speaker else None,
            "speaker_start": speaker.start if speaker else None,
            "speaker_end": speaker.end if speaker else None,
            "speaker_description": speaker.description if speaker else None,
            "speaker_affiliation": speaker.affiliation if speaker else None,
            "speaker_country": speaker.country if speaker else None,
            "cue": doc.text[quote.cue_start : quote.cue_end] if quote.cue_start is not None else quote.cue,
            "cue_start": quote.cue_start,
            "cue_end": quote.cue_end,
            "attribution": quote.how,
            "confidence": quote.confidence,
            "stage": self.name,
        }
