"""Descriptions and affiliations of people, read from the text around their names.

* Apposition: "Alicja Bachulska, an expert on Chinese foreign policy at the European
  Council on Foreign Relations," -> description "an expert on Chinese foreign policy",
  affiliation "European Council on Foreign Relations".
* "of X" / "at X" right after the name: "Ms. Bachulska of the European Council on
  Foreign Relations".
An affiliation is an organisation mention inside the phrase; a known organisation
wins over one only spaCy found, and the outermost ("... at King's College London")
over the innermost. Without one, a state's body ("a spokesman for Guyana's foreign
ministry") or a capitalised name after "at/of/for" ("a senior fellow at Carnegie India in
New Delhi") is the affiliation. A person not in the knowledge base takes the affiliation's country.
"""

from __future__ import annotations

import re

from .names import slug

_APPOSITION = re.compile(r",\s+(?P<phrase>[^,;:“”\"()\n]+?)(?=\s*(?:[,;:)\n“”\"]|\.(?:\s|$)|$| who | which | that ))")
_DIRECT = re.compile(r"\s+(?:of|at|from|with)\s+(?:the\s+)?")
_FIRST_WORD = re.compile(r"^(?:a|an|the|former|senior|chief|deputy|acting|then|[a-z][\w-]* (?:of|at|for|to)\b)\b")
_PREPOSITION = re.compile(r"\s+(?:at|of|with|for|from|in)\s+(?:the\s+)?$")


def describe_people(resolver) -> None:
    orgs = _organization_mentions(resolver)
    for actor in list(resolver.actors.values()):
        if actor.type != "person":
            continue
        for mention in sorted(actor.mentions, key=lambda m: m.start):
            if mention.kind in ("name", "surname", "alias"):
                _describe(resolver, actor, mention, orgs)


def _organization_mentions(resolver):
    found = []
    for actor in resolver.actors.values():
        if actor.type == "organization":
            found.extend((m.start, m.end, actor) for m in actor.mentions)
    return sorted(found, key=lambda item: item[0])


def _describe(resolver, actor, mention, orgs) -> None:
    text = resolver.text
    direct = _DIRECT.match(text, mention.end)
    if direct and not actor.affiliation:
        org = next((o for o in orgs if o[0] == direct.end()), None)
        if org:
            _affiliate(actor, org[2])
    if mention.kind == "name" and not actor.description:
        actor.description = _title_before(resolver, mention)
    apposition = _APPOSITION.match(text, mention.end) if mention.kind == "name" else None
    if not apposition or not _describes(resolver, apposition):
        return
    start, end = apposition.span("phrase")
    inside = [o for o in orgs if start <= o[0] and o[1] <= end]
    if inside and not actor.affiliation:
        known = [o for o in inside if o[2].in_kb]
        _affiliate(actor, (known or inside)[-1 if known else 0][2])
    cut = inside[0][0] if inside else end
    if not actor.affiliation:
        cut = _affiliate_by_words(resolver, actor, start, end) or cut
    if not actor.description:
        actor.description = _PREPOSITION.sub("", text[start:cut]).strip() or None


def _describes(resolver, apposition) -> bool:
    """An apposition describes when it opens like a noun phrase ("an expert", "executive director of")
    and not with another name ("Macron, Scholz and Biden") or an adverb ("particularly over ...")."""
    start = apposition.start("phrase")
    if _FIRST_WORD.match(apposition["phrase"]) and not resolver.overlaps(start, start + 1):
        return True
    span = resolver.sp.char_span(start, apposition.end("phrase"), alignment_mode="expand")
    if span is None or resolver.overlaps(start, start + 1) or span[0].ent_type_ in ("PERSON", "GPE", "NORP"):
        return False
    return span[0].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM") and any(t.pos_ in ("NOUN", "PROPN") for t in span)


def _title_before(resolver, mention) -> str | None:
    """Words that stand before a name as its title: "Education Secretary Miguel Cardona", "Gov. Newsom"."""
    span = resolver.sp.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    index = span.start - 1
    while index >= 0 and _title_word(resolver, resolver.sp[index], span):
        index -= 1
    if index + 1 >= span.start:
        return None
    words = resolver.sp[index + 1 : span.start]
    return words.text if any(t.text not in resolver.kb.honorifics or resolver.kb.honorifics[t.text][0] == "title" for t in words) else None


def _title_word(resolver, token, name) -> bool:
    kind = resolver.kb.honorifics.get(token.text, (None,))[0]
    if kind == "honorific" or token.is_punct or token.pos_ in ("DET", "VERB", "AUX", "ADP", "PRON", "CCONJ"):
        return False
    if kind == "title":
        return True
    return token.dep_ in ("compound", "amod", "nmod") and name.start <= token.head.i < name.end + 3


_NAMED_AFTER = re.compile(r"\b(?:at|of|for|with)\s+(?:the\s+)?(?P<name>[A-Z][\w’'.&-]*(?:\s+(?:of|for|and|on|[A-Z][\w’'.&-]*))*)")


def _affiliate_by_words(resolver, actor, start: int, end: int) -> int | None:
    """No organisation mention in the apposition: a state's body with a role ("Guyana's foreign
    ministry"), else the capitalised name after "at/of/for", without a trailing place. Returns
    where the description ends, when the affiliation is found by its words."""
    for other in resolver.actors.values():
        for m in other.mentions:
            if other.type == "state" and m.role and start <= m.start and m.end <= end and " " in m.text:
                actor.affiliation, actor.affiliation_id = m.text, other.id
                actor.country = actor.country or other.country
                return None
    match = _NAMED_AFTER.search(resolver.text, start, end)
    if match is None:
        return None
    name = re.sub(r"\s+(?:of|for|and|on)$", "", match["name"])
    name_start = match.start("name")
    if name.endswith(("’s", "'s", "’", "'")):
        return None  # "one of OUSD's student directors": the name owns what follows
    if resolver.overlaps(name_start, name_start + 1) or len(name) < 3:
        return None  # the name opens with a state, a person or a known body: not a new affiliation
    actor.affiliation, actor.affiliation_id = name, f"local:org:{slug(name)}"
    return match.start()


def _affiliate(person, org) -> None:
    person.affiliation, person.affiliation_id = org.name, org.id
    if not person.in_kb and not person.country:
        person.country = org.country
