"""Stage ``actors``: every mention resolved to a canonical actor, with roles and affiliations.

The method is in ``tieline.actors.resolve``; knowledge comes from
``resources/actors/*.tsv`` plus the user's tables (``tables=[folder]`` or the
``TIELINE_ACTOR_TABLES`` environment variable).
"""

from __future__ import annotations

from ..actors.knowledge import KnowledgeBase, load
from ..actors.resolve import Resolver
from ..budget import TIME_BUDGET, within
from ..pipeline import DocStage
from ..types import Doc


class ActorsStage(DocStage):
    """Fill ``actors``: id, name, type, country, roles, description, affiliation, mentions."""

    name = "actors.rules.v1"
    requires = ("text", "parsed", "published")
    assigns = ("actors",)

    def __init__(self, tables=(), kb: KnowledgeBase | None = None, time_budget: float | None = TIME_BUDGET):
        self.tables = tuple(tables)
        self._kb = kb
        #: Seconds one document may spend in the stages after the parse (``tieline.budget``).
        self.time_budget = time_budget

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load(self.tables)
        return self._kb

    def process(self, doc: Doc) -> None:
        if doc.parsed is None:
            raise ValueError("no parse: run the parse stage before actors")
        kb = self.kb  # loaded once, outside any document's budget
        with within(doc, self.time_budget, self.name):
            actors = Resolver(kb, doc.parsed, doc.published).run()
            doc.actors = [actor.to_dict(self.name) for actor in actors]
