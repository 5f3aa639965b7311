"""Built-in stages by versioned name. Registration happens here, on first use.

    >>> from tieline import registry
    >>> registry.get("clean").name
    'clean.rules.v1'
"""

from __future__ import annotations

from typing import Any, Callable

from .errors import ConfigError
from .pipeline import Pipeline, Stage

StageFactory = Callable[..., Stage]

#: The stages ``tieline analyze`` and ``tieline ingest`` run, in order.
DEFAULT_STAGES = ("clean", "language", "parse", "actors", "quotes", "events", "dedup")

_factories: dict[str, StageFactory] = {}


def register(name: str, factory: StageFactory) -> None:
    """Make ``factory`` available as ``name`` (a versioned name like ``"quotes.rules.v1"``)."""
    _factories[name] = factory


def _register_builtins() -> None:
    if _factories:
        return
    from .stages.actors import ActorsStage
    from .stages.clean import CleanStage
    from .stages.dedup import DedupStage
    from .stages.events import EventsStage
    from .stages.language import LanguageStage
    from .stages.parse import ParseStage
    from .stages.quotes import QuotesStage

    for factory in (CleanStage, LanguageStage, ParseStage, ActorsStage, QuotesStage, EventsStage, DedupStage):
        register(factory.name, factory)


def names() -> list[str]:
    """Every registered stage name, sorted."""
    _register_builtins()
    return sorted(_factories)


def resolve(name: str) -> str:
    """Turn a short name ("clean") into the newest versioned name ("clean.rules.v1")."""
    _register_builtins()
    if name in _factories:
        return name
    matches = sorted(full for full in _factories if full.split(".")[0] == name)
    if not matches:
        raise ConfigError(f"unknown stage {name!r}", f"choose one of: {', '.join(names())}")
    return matches[-1]


def get(name: str, **config: Any) -> Stage:
    """Build the stage called ``name`` with ``config``."""
    return _factories[resolve(name)](**config)


def default_pipeline(config: dict[str, dict[str, Any]] | None = None, stages=DEFAULT_STAGES) -> Pipeline:
    """Build and check the default pipeline; ``config`` maps a stage's short name to its options."""
    config = config or {}
    stages = tuple(stages)
    return Pipeline([get(name, **config.get(resolve(name).split(".")[0], {})) for name in stages], recipe=(stages, config))
