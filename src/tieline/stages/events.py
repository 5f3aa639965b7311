"""Stage ``events``: who did what to whom, with what did not happen kept apart.

Method in ``tieline.events``; triggers, flag words and the CAMEO/PLOVER tables are data in
``resources/events/``. Reads the parse, the actors and the quotes (an event inside a quote is the
speaker's claim and keeps the quote's id).
"""

from __future__ import annotations

from ..budget import TIME_BUDGET, within
from ..events.coder import code_events
from ..pipeline import DocStage
from ..types import Doc


class EventsStage(DocStage):
    """Fill ``events``."""

    name = "events.rules.v1"
    requires = ("text", "parsed", "actors", "quotes")
    assigns = ("events",)

    def __init__(self, time_budget: float | None = TIME_BUDGET):
        #: Seconds one document may spend in the stages after the parse (``tieline.budget``).
        self.time_budget = time_budget

    def process(self, doc: Doc) -> None:
        if doc.parsed is None:
            raise ValueError("no parse: run the parse stage before events")
        with within(doc, self.time_budget, self.name):
            doc.events = code_events(doc.parsed, doc.actors, doc.quotes, doc.published, doc.id, self.name)
