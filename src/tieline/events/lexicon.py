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
    source: str = "curated"

    @property
    def rule(self) -> str:
        """Why it was coded: the curated row ("verb:accuse") or the PETRARCH2 pattern ("petrarch:suspend:* AID")."""
        if self.source == "curated":
            return f"{self.pos.lower()}:{self.lemma}"
        return f"{self.source.split(':', 1)[0]}:{self.lemma}:{self.source.split(':', 1)[1]}"

    def _required(self, kind: str) -> tuple[str, ...]:
        """The alternatives of one kind: a "prep:" or "subj:" prefix holds for the words after it
        ("prep:for|on" is "for" or "on"); words before any prefix are objects."""
        found, current = [], "object"
        for word in self.requires:
            if ":" in word:
                current, word = word.split(":", 1)
            if word in ("dobj", "object-actor", "xcomp"):
                continue
            if current == kind:
                found.append(word)
        return tuple(found)

    def required_preposition(self) -> tuple[str, ...]:
        return self._required("prep")

    def required_objects(self) -> tuple[str, ...]:
        return self._required("object")

    def required_subjects(self) -> tuple[str, ...]:
        return self._required("subj")

    @property
    def needs_object(self) -> bool:
        return "dobj" in self.requires or "object-actor" in self.requires


@dataclass(frozen=True)
class Code:
    cameo: str
    goldstein: float
    quad_class: int
    contexts: tuple[str, ...]
    plover_type: str | None = None
    plover_mode: str | None = None


@dataclass(frozen=True)
class Pattern:
    """One PETRARCH2 verb pattern: the words it needs after the verb and the codes it gives."""
    objects: frozenset[str]
    preposition: str | None
    prep_objects: frozenset[str]
    code_active: str | None
    code_passive: str | None
    pattern: str

    @property
    def specificity(self) -> int:
        return bool(self.objects) + bool(self.preposition) + bool(self.prep_objects)


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (cell or "").split("|") if part.strip())


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], list[Trigger]]:
    """(lemma, "VERB" | "NOUN") -> its rows, in table order: the first whose required words are
    there wins ("send" with warships is MOBILIZE, with weapons AID)."""
    found: dict[tuple[str, str], list[Trigger]] = {}
    for row in table("events/triggers.tsv"):
        trigger = Trigger(row["lemma"], row["pos"], row["type"], row["mode"] or None, row["cameo"],
                          _split(row["requires"]), _split(row["target"]))
        found.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
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
    overrides = {row["prefix"]: row["type"] for row in table("events/cameo_overrides.tsv")}
    found = {}
    for row in table("events/cameo.tsv"):
        code = row["cameo"]
        plover = row["plover_type"] or next((overrides[code[:n]] for n in range(len(code), 0, -1) if code[:n] in overrides), None)
        found[code] = Code(code, float(row["goldstein"]), int(row["quad_class"]), _split(row.get("plover_context")),
                           plover, row["plover_mode"] or None)
    return found


def code_for(cameo: str) -> Code | None:
    """The row of a CAMEO code, or of its nearest ancestor ("1213" -> "121")."""
    table_ = codes()
    for length in range(len(cameo), 1, -1):
        if cameo[:length] in table_:
            return table_[cameo[:length]]
    return None


@lru_cache(maxsize=1)
def petrarch() -> dict[str, list[Pattern]]:
    """Verb lemma -> its PETRARCH2 patterns (``petrarch_verbs.tsv``), the bare verb's last."""
    found: dict[str, list[Pattern]] = {}
    for row in table("events/petrarch_verbs.tsv"):
        pattern = Pattern(frozenset(_split(row["object"])), row["preposition"] or None, frozenset(_split(row["prep_object"])),
                          row["code_active"] or None, row["code_passive"] or None, row["pattern"])
        found.setdefault(row["lemma"], []).append(pattern)
    for patterns in found.values():
        patterns.sort(key=lambda p: -p.specificity)
    return found


@lru_cache(maxsize=1)
def intensities() -> dict[tuple[str, str], float]:
    """(PLOVER type, mode or "") -> intensity (``resources/events/plover.tsv``)."""
    return {(row["type"], row["mode"] or ""): float(row["intensity"]) for row in table("events/plover.tsv") if row["intensity"]}


def intensity(type_: str, mode: str | None) -> float | None:
    table_ = intensities()
    return table_.get((type_, mode or ""), table_.get((type_, "")))


@lru_cache(maxsize=1)
def light_verbs() -> dict[str, bool]:
    """Verbs too general to code alone -> whether they carry a noun event (``light_verbs.tsv``)."""
    return {row["lemma"]: row["carrier"] == "yes" for row in table("events/light_verbs.tsv")}


def carrier_verbs() -> frozenset[str]:
    return frozenset(lemma for lemma, carries in light_verbs().items() if carries)


@lru_cache(maxsize=1)
def agent_nouns() -> frozenset[str]:
    """Role nouns for people and bodies ("advisers", "banks", "ministry"): the actor tables' agents."""
    return frozenset(row_phrase.lower() for row in table("actors/agents.tsv")
                     for row_phrase in (row["phrase"], *_split(row.get("plural"))) if row_phrase)


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Lemmas of the quote cues ("say", "add", "tell", resources/quote_cues.tsv): what they introduce
    is a quote, not an event."""
    return frozenset(row["lemma"] for row in table("quote_cues.tsv") if row["kind"] in ("speech", "writing"))
