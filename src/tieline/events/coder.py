"""Code every event of a parsed document: triggers from the lexicon, arguments from the parse,
flags from the words around, codes from the CAMEO and PLOVER tables."""

from __future__ import annotations

from ..budget import checked
from .arguments import TOGETHER, nested_trigger_arguments, noun_arguments, verb_arguments
from .flags import FLAGS, flags_for
from .lexicon import Trigger, code_for, intensity, speech_verbs, triggers
from .mentions import MentionIndex, actor_record
from .petrarch import petrarch_trigger

VERB_TAGS = ("VERB", "AUX")
#: Types that are always aimed at someone, whatever triggers them ("has helped push prices up" is no aid).
ALWAYS_AIMED = frozenset({"AID"})
#: Types a curated verb loses when its object is a thing, not an actor or an event ("met a tax bill",
#: "help revive the economy"); "hosted the meeting" keeps its event noun.
THING_OBJECT_TYPES = frozenset({"CONSULT", "AID"})
#: Types that two actors named together do with each other ("Xi and Putin met", "... signed agreements").
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
#: CAMEO "sign formal agreement": PLOVER SUPPORT, done together ("France and Saudi Arabia signed ...").
SIGN_AGREEMENT = "057"
#: Types that say nothing without the actor they are aimed at, when a noun or a PETRARCH2 pattern
#: triggers them ("China's support over Ukraine").
TARGET_REQUIRED = frozenset({"ACCUSE", "REJECT", "THREATEN", "REQUEST", "SUPPORT", "SANCTION", "COERCE", "AID", "CONSULT"})
NOUN_TAGS = ("NOUN", "PROPN")
#: Verbs that, refused, only decline to speak ("refused to comment", "declined to elaborate").
NO_COMMENT = frozenset({"comment", "elaborate", "confirm", "discuss"})


def code_events(parsed, actors: list[dict], quotes: list[dict], published: str | None, doc_id: str, stage: str) -> list[dict]:
    """Every event of the document, in text order, with ids ``<doc_id>:e<n>``."""
    index = MentionIndex(parsed, actors)
    events = []
    for sentence in parsed.sents:
        events.extend(_sentence_events(sentence, index, quotes, published, stage))
    for number, event in enumerate(events):
        event["id"] = f"{doc_id}:e{number}"
    return events


def trigger_of(token) -> Trigger | None:
    """The lexicon row a token triggers, if its part of speech and its required words agree; a
    verb the curated table lacks is looked up in PETRARCH2's verb patterns."""
    pos = "VERB" if token.pos_ in VERB_TAGS else "NOUN" if token.pos_ in NOUN_TAGS else None
    if pos is None:
        return None
    rows = triggers().get((token.lemma_.lower(), pos)) or triggers().get((token.lower_, pos))
    if rows:
        return next((row for row in rows if _requirements_met(token, row)), None)
    return petrarch_trigger(token) if pos == "VERB" and token.pos_ == "VERB" else None


def _requirements_met(token, trigger: Trigger) -> bool:
    if trigger.needs_object and not any(c.dep_ in ("dobj", "obj") for c in token.children):
        return False
    if "xcomp" in trigger.requires and not any(c.dep_ == "xcomp" for c in token.children):
        return False
    subjects = trigger.required_subjects()
    if subjects:
        return any(c.dep_ in ("nsubj", "nsubjpass") and _names_any(c, subjects) for c in token.children)
    prepositions = trigger.required_preposition()
    objects = trigger.required_objects()
    if not prepositions and not objects:
        return True
    for child in token.children:
        if prepositions and child.dep_ == "prep" and child.lower_ in prepositions:
            return True
        if objects and child.dep_ in ("dobj", "obj", "nsubjpass", "attr", "dative"):
            if _names_any(child, objects):
                return True
        if objects and child.dep_ == "prep":
            if any(_names_any(p, objects) for p in child.children if p.dep_ == "pobj"):
                return True
    if objects and token.dep_ in ("acl", "relcl") and _names_any(token.head, objects):
        return True  # "the sanctions imposed on ..."
    return False


def _names_any(token, lemmas) -> bool:
    """The word or a conjunct names one of ``lemmas``, or its "of"/"in" phrase does ("a package of
    agreements", "$2 million in assistance")."""
    words = [token, *token.conjuncts]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):  # "a package of agreements", "$2 million in assistance"
            words.extend(p for p in prep.children if p.dep_ == "pobj")
    return any(w.lemma_.lower() in lemmas or w.lower_ in lemmas for w in words)


def _sentence_events(sentence, index, quotes, published, stage) -> list[dict]:
    events, coded = [], []
    for token in checked(sentence, every=8):
        trigger = trigger_of(token)
        if trigger is None or _describes_only(token, trigger):
            continue
        sources, targets = _arguments(token, trigger, index)
        if not sources or not _enough_targets(token, trigger, sources, targets):
            continue
        event = _record(token, trigger, sources, targets, sentence, quotes, published, stage)
        if not any(_same_event(event, token, other, other_token) for other, other_token in coded):
            coded.append((event, token))
            events.append(event)
    return events


def _describes_only(token, trigger: Trigger) -> bool:
    """A participle used as an adjective describes ("the assassinated former prime minister"), and
    a refusal to speak is no rejection ("refused to comment")."""
    if trigger.pos == "VERB" and token.dep_ == "amod":
        return True
    if trigger.type == "REJECT":
        return any(c.dep_ == "xcomp" and c.lemma_.lower() in speech_verbs() | NO_COMMENT for c in token.children)
    return False


def _enough_targets(token, trigger: Trigger, sources, targets) -> bool:
    """A target, or none needed: a noun or a PETRARCH2-coded verb of a type aimed at someone needs
    one; a curated meeting or aid verb whose object is a thing is no event ("meet a tax bill")."""
    if targets or _reciprocal(token, trigger, sources):
        return True
    if TOGETHER in trigger.targets:
        return False  # "Hungary issued a statement": one author does nothing together
    if "object-actor" in trigger.requires:
        return False  # "warned the level of TV coverage may ...": warning someone needs the someone
    if trigger.pos == "NOUN" or trigger.source != "curated" or trigger.type in ALWAYS_AIMED:
        return trigger.type not in TARGET_REQUIRED
    if trigger.type not in THING_OBJECT_TYPES or trigger.required_objects():
        return True
    objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
    return not any(not _is_meeting_noun(o) for o in objects)


def _is_meeting_noun(token) -> bool:
    """"hosted the meeting", "attended the summit" (but "meet demand" is no meeting)."""
    rows = triggers().get((token.lemma_.lower(), "NOUN"), [])
    return any(row.type == "CONSULT" for row in rows)


def _same_event(event, token, other, other_token) -> bool:
    """One event said twice: the same type and actors, one trigger governing the other
    ("imposed sanctions": the verb and its noun)."""
    if (event["type"], _ids(event["source"]), _ids(event["target"])) != (other["type"], _ids(other["source"]), _ids(other["target"])):
        return False
    return token.head.i == other_token.i or other_token.head.i == token.i


def _ids(actors) -> tuple[str, ...]:
    return tuple(sorted(a["id"] for a in actors))


def _arguments(token, trigger: Trigger, index):
    if trigger.pos == "VERB":
        return verb_arguments(token, trigger, index)
    sources, targets = noun_arguments(token, trigger, index)
    if not sources:
        def inner(noun):
            found = trigger_of(noun)
            return noun_arguments(noun, found, index) if found is not None and found.pos == "NOUN" else None
        sources, targets = nested_trigger_arguments(token, index, inner)
    return sources, targets


def _record(token, trigger: Trigger, sources, targets, sentence, quotes, published, stage) -> dict:
    flags, claimed_by, quote_id = flags_for(token, quotes, published)
    reciprocal = not targets and _reciprocal(token, trigger, sources)
    if reciprocal:  # "Xi and Putin met": each is the other's partner
        targets = sources
    code = code_for(trigger.cameo)
    return {
        "id": None,
        "type": trigger.type,
        "mode": trigger.mode,
        "cameo": trigger.cameo,
        "quad_class": code.quad_class if code else None,
        "goldstein": code.goldstein if code else None,
        "intensity": intensity(trigger.type, trigger.mode),
        "contexts": list(code.contexts) if code else [],
        "source": [actor_record(a, m) for a, m in sources],
        "target": [actor_record(a, m) for a, m in targets],
        "reciprocal": reciprocal,
        **flags,
        "claimed_by": claimed_by,
        "factual": not any(flags[name] for name in FLAGS),
        "trigger": token.text,
        "trigger_start": token.idx,
        "trigger_end": token.idx + len(token.text),
        "sentence_start": sentence.start_char,
        "sentence_end": sentence.start_char + len(sentence.text.rstrip()),  # no trailing space or line break
        "quote_id": quote_id,
        "rule": trigger.rule,
        "confidence": _confidence(trigger, targets, flags),
        "stage": stage,
    }


def _reciprocal(token, trigger: Trigger, sources) -> bool:
    """Several actors named together doing it with each other: they meet, agree, cooperate or
    sign; any other act only when the text says "each other" or "one another". Actors of one
    state are one party ("UK finance minister Gordon Brown")."""
    countries = {a.get("country") for a, _ in sources if a.get("country")}
    parties = countries if countries else {a["id"] for a, _ in sources}
    if len(parties) < 2:  # "Australian building products group James Hardie": one party
        return False
    if trigger.type in RECIPROCAL_TYPES or trigger.cameo == SIGN_AGREEMENT:
        return True
    objects = [c for c in token.children if c.dep_ in ("dobj", "obj")]
    objects += [p for prep in token.children if prep.dep_ == "prep" for p in prep.children if p.dep_ == "pobj"]
    return any(o.lower_ in ("other", "another") for o in objects)


def _confidence(trigger: Trigger, targets, flags) -> float:
    score = 0.8 if trigger.pos == "VERB" else 0.7
    return round(score - (0.2 if not targets else 0.0), 2)
