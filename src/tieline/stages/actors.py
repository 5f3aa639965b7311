"""Stage ``actors``: every mention resolved to a canonical actor, with roles and affiliations.

The method is in ``tieline.actors.resolve``; knowledge comes from
``resources/actors/*.tsv`` plus the user's tables (``tables=[folder]`` or the
``TIELINE_ACTOR_TABLES`` environment variable).
"""

from __future__ import annotations

from ..actors.knowledge import KnowledgeBase, load
from ..actors.resolve import Resolver
from ..pipeline import DocStage
from ..types import Doc


class ActorsStage(DocStage):
    """Fill ``actors``: id, name, type, country, roles, description, affiliation, mentions."""

    name = "actors.rules.v1"
    requires = ("text", "parsed", "published")
    assigns = ("actors",)

    def __init__(self, tables=(), kb: KnowledgeBase | None = None):
        self.tables = tuple(tables)
        self._kb = kb

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load(self.tables)
        return self._kb

    def process(self, doc: Doc) -> None:
        if doc.parsed is None:
            raise ValueError("no parse: run the parse stage before actors")
        actors = Resolver(self.kb, doc.parsed, doc.published).run()
        doc.actors = [actor.to_dict(self.name) for actor in actors]
