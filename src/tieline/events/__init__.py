"""Events: who did what to whom, coded in PLOVER with CAMEO, QuadClass and Goldstein.

The ``events`` stage (``tieline.stages.events``) runs :func:`tieline.events.coder.code_events`
over each parsed document. Triggers, flag words and code tables are data in
``resources/events/``; the modules here only read the parse:

- ``lexicon``: the trigger, modifier and code tables;
- ``mentions``: the actors stage's mentions, looked up by token;
- ``arguments``: source and target of a trigger from the dependency parse;
- ``flags``: negated, hypothetical, future, claimed, historical;
- ``coder``: triggers found, arguments and flags joined into event records.
"""

from __future__ import annotations

from typing import Iterator


def dyads(event: dict) -> Iterator[tuple[dict, dict]]:
    """Each (source, target) pair of a compound event, without self-pairs.

    >>> event = {"source": [{"id": "CHN"}, {"id": "RUS"}], "target": [{"id": "USA"}]}
    >>> [(s["id"], t["id"]) for s, t in dyads(event)]
    [('CHN', 'USA'), ('RUS', 'USA')]
    """
    for source in event.get("source") or ():
        for target in event.get("target") or ():
            if source.get("id") != target.get("id"):
                yield source, target
