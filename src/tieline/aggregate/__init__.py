"""Relations over time, from the events in the store (docs/relations.md).

    relations(store, "CHN", "RUS", by="month")   per period and direction: quad classes, net cooperation, stories
    pairs(store, "CHN")                          the busiest pairs and their balance
    events(store, actor="CHN", type="SANCTION")  the events themselves, one row each

Each returns a ``pandas.DataFrame`` (pandas is imported on first call); the ``*_rows``
functions return the same rows as plain dicts.
"""

from .events import event_rows, events
from .query import Dyad, dyads
from .relations import pair_rows, pairs, relation_rows, relations

__all__ = ["Dyad", "dyads", "event_rows", "events", "pair_rows", "pairs", "relation_rows", "relations"]
