"""The tables behind event coding, read once: triggers, flag words, CAMEO and PLOVER codes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..resources import table


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    type: str
    mode: str | None
    cameo: str
    requires: tuple[str, ...]
    targets: tuple[str, ...]

    @property
    def rule(self) -> str:
        return f"{self.pos.lower()}:{self.lemma}"

    def required_preposition(self) -> tuple[str, ...]:
        return tuple(r.removeprefix("prep:") for r in self.requires if r.startswith("prep:"))

    def required_objects(self) -> tuple[str, ...]:
        return tuple(r for r in self.requires if not r.startswith("prep:") and r != "dobj")

    @property
    def needs_object(self) -> bool:
        return "dobj" in self.requires


@dataclass(frozen=True)
class Code:
    cameo: str
    goldstein: float
    quad_class: int
    contexts: tuple[str, ...]


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], Trigger]:
    """(lemma, "VERB" | "NOUN") -> trigger."""
    found = {}
    for row in table("events/triggers.tsv"):
        trigger = Trigger(row["lemma"], row["pos"], row["type"], row["mode"] or None, row["cameo"],
                          _split(row["requires"]), _split(row["target"]))
        found[(trigger.lemma, trigger.pos)] = trigger
    return found


@lru_cache(maxsize=1)
def modifiers() -> dict[str, dict[str, str]]:
    """where ("neg", "aux", "mark", "head", "modifier", "time") -> {word: flag}; a word may carry two flags."""
    found: dict[str, dict[str, str]] = {}
    for row in table("events/modifiers.tsv"):
        found.setdefault(row["where"], {}).setdefault(row["word"], row["flag"])
    return found


@lru_cache(maxsize=1)
def extra_flags() -> dict[str, set[str]]:
    """Words with a second flag ("deny": negated and claimed): word -> every flag it carries as a head."""
    found: dict[str, set[str]] = {}
    for row in table("events/modifiers.tsv"):
        if row["where"] == "head":
            found.setdefault(row["word"], set()).add(row["flag"])
    return found


@lru_cache(maxsize=1)
def codes() -> dict[str, Code]:
    """CAMEO code -> Goldstein, quad class and PLOVER contexts (``resources/events/cameo.tsv``)."""
    return {
        row["cameo"]: Code(row["cameo"], float(row["goldstein"]), int(row["quad_class"]), _split(row.get("plover_context")))
        for row in table("events/cameo.tsv")
    }


@lru_cache(maxsize=1)
def intensities() -> dict[tuple[str, str], float]:
    """(PLOVER type, mode or "") -> intensity (``resources/events/plover.tsv``)."""
    return {(row["type"], row["mode"] or ""): float(row["intensity"]) for row in table("events/plover.tsv") if row["intensity"]}


def intensity(type_: str, mode: str | None) -> float | None:
    table_ = intensities()
    return table_.get((type_, mode or ""), table_.get((type_, "")))
