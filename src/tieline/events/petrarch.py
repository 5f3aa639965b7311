"""Verbs the curated trigger table lacks, coded with PETRARCH2's verb patterns (MIT; the table
``resources/events/petrarch_verbs.tsv`` is derived from its CAMEO.2.0 dictionary).

A pattern names the words that must follow the verb: an object ("* AID" under SUSPEND -> 162),
a preposition and its object ("* (TO BORDER)"). The most specific pattern the parse satisfies
wins; a bare verb's own code never applies, and speech verbs (quote cues) and light verbs that
carry nothing ("take", "say": ``light_verbs.tsv``) are not looked up at all. The CAMEO code gives the PLOVER type through
``cameo.tsv``; a code without one codes nothing.
"""

from __future__ import annotations

from .lexicon import Pattern, Trigger, code_for, light_verbs, petrarch, speech_verbs

#: Prepositions whose object may be the target of a PETRARCH2-coded verb.
TARGET_PREPOSITIONS = ("to", "with", "against", "on", "at", "toward", "towards", "into", "over")


def petrarch_trigger(verb) -> Trigger | None:
    lemma = verb.lemma_.lower()
    patterns = petrarch().get(lemma)
    if not patterns or lemma in speech_verbs() or light_verbs().get(lemma) is False:
        return None
    objects, preps = _words_after(verb)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for pattern in patterns:
        if pattern.specificity == 0:
            continue
        if _matches(pattern, objects, preps):
            code = (pattern.code_passive if passive else None) or pattern.code_active
            return _trigger(lemma, pattern, code)
    return None


def _words_after(verb):
    objects: set[str] = set()
    preps: dict[str, set[str]] = {}
    for child in verb.children:
        if child.dep_ in ("dobj", "obj", "attr", "dative"):
            objects.update(_noun_words(child))
        elif child.dep_ in ("prep", "agent"):
            preps.setdefault(child.lower_, set()).update(w for p in child.children if p.dep_ == "pobj" for w in _noun_words(p))
        elif child.dep_ == "prt":
            preps.setdefault(child.lower_, set())
    return objects, preps


def _noun_words(token) -> set[str]:
    """The head's lemma and form, and with its compound modifiers ("arms shipment")."""
    words = {token.lemma_.lower(), token.lower_}
    compounds = [c.lower_ for c in token.lefts if c.dep_ in ("compound", "amod")]
    if compounds:
        words.add(" ".join(compounds[-1:] + [token.lower_]))
    return words


def _matches(pattern: Pattern, objects: set[str], preps: dict[str, set[str]]) -> bool:
    if pattern.objects and not pattern.objects & objects:
        return False
    if pattern.preposition:
        if pattern.preposition not in preps:
            return False
        if pattern.prep_objects and not pattern.prep_objects & preps[pattern.preposition]:
            return False
    return True


def _trigger(lemma: str, pattern: Pattern, code: str | None) -> Trigger | None:
    if not code or code == "---":
        return None
    row = code_for(code)
    if row is None or not row.plover_type:
        return None
    targets = ("object",) + ((pattern.preposition,) if pattern.preposition else ()) + TARGET_PREPOSITIONS
    return Trigger(lemma, "VERB", row.plover_type, row.plover_mode, code, (), targets,
                   source=f"petrarch:{pattern.pattern or '*'}")

