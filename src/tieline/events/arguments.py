"""Source and target of a trigger, read from the dependency parse.

A verb's source is its subject (for a passive, the agent after "by"); a verb without a subject
of its own takes the subject of the verb it hangs on ("agreed to cooperate", "... and accused").
A participle on a noun takes the noun ("Chinese banks aiding Russia's war effort"), or, when the
noun is a document, the subject of the verb that issued it ("The two leaders issued a statement
denouncing ..."). A noun's source is its owner or its adjective ("Putin's visit", "the Russian
invasion", "US sanctions"), else the subject of the verb it is the object of when that verb only
carries it ("imposed sanctions", "used a summit"). Targets are the trigger's object or the object
of the prepositions its lexicon row names ("sanctions against Chinese banks", "a visit to China").
"""

from __future__ import annotations

from .lexicon import Trigger, agent_nouns, carrier_verbs
from .mentions import PAIR_WORDS, MentionIndex

#: The ``target`` of a trigger row done by several authors together, with each other (no target is looked for).
TOGETHER = "together"

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
#: Dependents that are part of a noun phrase's own words ("Chinese banks", "His senior advisers").
CORE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "det", "case", "npadvmod"})
#: Nouns for people or bodies that are named by where they are from or whom they are part of
#: ("a group of British lawmakers", "authorities in the U.S.", "the government of Libya").
PLACED_NOUNS = frozenset({
    "group", "groups", "thousands", "hundreds", "dozens", "number", "members", "delegation", "delegations",
    "authorities", "authority", "police", "officials", "official", "forces", "troops", "soldiers", "government",
    "governments", "court", "courts", "judge", "prosecutors", "prosecutor", "ministry", "leaders", "leader",
    "representatives", "representative", "envoy", "envoys", "diplomats", "lawmakers", "parliament", "army",
    "military", "navy", "coalition", "protesters", "demonstrators", "workers", "rebels", "militants", "people",
})
#: What an actor acts through ("Russian drones attacked power stations", "Chinese coast guard vessels fired").
INSTRUMENT_NOUNS = frozenset({
    "drone", "missile", "rocket", "warplane", "jet", "aircraft", "plane", "bomber", "helicopter", "ship", "vessel",
    "warship", "boat", "submarine", "tank", "artillery", "troop", "soldier", "force", "navy", "army", "unit",
    "guard", "militia", "police", "satellite", "hacker", "embassy", "consulate",
})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom", "whose"})
#: Pronouns that, as the subject of a reported clause, stand for the reporter ("X said it would ...").
REPORTED_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
#: Documents whose participles speak for whoever issued them.
DOCUMENT_NOUNS = frozenset({"statement", "declaration", "communique", "communiqué", "letter", "report", "resolution"})
#: Violent nouns whose proper-noun compound is the victim ("the Ukraine invasion"), not the doer.
VICTIM_COMPOUND_TYPES = frozenset({"ASSAULT"})
#: Where a verb's target may stand deeper when its object names no actor ("threatened to strike Iranian sites").
DEEP_LINKS = ("dobj", "xcomp", "prep", "attr", "oprd")
#: Event types whose target is the object itself, never deeper ("meet demand for cars in Asia").
DIRECT_TARGET_TYPES = frozenset({"CONSULT", "AID"})
#: Event types whose target may also stand in a clausal complement ("denouncing what they saw as American interference").
DEEP_TARGET_TYPES = frozenset({"ACCUSE", "REJECT", "SUPPORT"})


def phrase_actors(token, index: MentionIndex, depth: int = 0, subject: bool = False) -> list[tuple[dict, dict]]:
    """Actors named by the noun phrase headed by ``token``: its own words, its conjuncts and
    appositions. A subject that names none may stand for the two people just named ("The two
    leaders", "they")."""
    if token is None or depth > 4:
        return []
    found: list[tuple[dict, dict]] = []
    for word in _core_words(token):
        found.extend(index.at(word))
    for other in list(token.conjuncts) + [c for c in token.children if c.dep_ == "appos"]:
        if other.i > token.i or other.dep_ == "appos":
            found.extend(phrase_actors(other, index, depth + 1) if other.dep_ != "conj" or depth == 0 else [])
    if not found and depth == 0 and token.lower_ in PLACED_NOUNS:
        found = _located_actors(token, index)  # "A group of British lawmakers", "police in Colombia"
    if not found and subject and _stands_for_a_pair(token):
        found = index.pair_before(token.idx)
    return _unique(_named_over_titled(found))


def _named_over_titled(found):
    """"US president George W Bush": the person named wins over an office holder read from the title."""
    named = any(m.get("kind") in ("name", "surname") and a["type"] == "person" for a, m in found)
    if not named:
        return found
    return [(a, m) for a, m in found if not (m.get("kind") == "title" and a["type"] == "person")]


def _stands_for_a_pair(token) -> bool:
    """"they", "their", or a plural like "leaders" counted as two ("the two governments", "both sides")."""
    if token.lower_ in ("they", "their"):
        return True
    counted = any(c.lower_ in ("two", "both") for c in token.children if c.dep_ in ("nummod", "det", "predet", "amod"))
    return token.lower_ in PAIR_WORDS and counted


def _core_words(token):
    words = [token]
    for child in token.lefts:
        if child.dep_ in CORE_DEPS:
            words.extend(child.subtree)
    return words


def _unique(pairs):
    seen, out = set(), []
    for actor, mention in pairs:
        if actor["id"] not in seen:
            seen.add(actor["id"])
            out.append((actor, mention))
    return out


# --- verbs ---------------------------------------------------------------------------------------

def verb_arguments(verb, trigger: Trigger, index: MentionIndex):
    """(sources, targets) of a verb trigger."""
    if _is_passive(verb):
        targets = _actors_of_children(verb, PASSIVE_SUBJECTS, index)
        sources = _agents(verb, index)
        return sources, targets
    sources = verb_subject_actors(verb, index)
    targets = _verb_targets(verb, trigger, index, {a["id"] for a, _ in sources})
    return sources, targets


def _is_passive(verb) -> bool:
    """A passive clause, or a bare past participle ("an invasion condemned by most of the world",
    "Ebbers is on trial, accused of overseeing a fraud", "Asked whether ...")."""
    if any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children):
        return True
    if verb.tag_ != "VBN":
        return False
    if verb.dep_ == "acl":
        return True
    bare = not any(c.dep_ in ("aux", "nsubj") for c in verb.children)
    return bare and verb.dep_ in ("advcl", "ROOT")


def _actors_of_children(token, deps, index):
    found = []
    for child in token.children:
        if child.dep_ in deps:
            found.extend(phrase_actors(_relative_head(child), index))
    return _unique(found)


def _agents(verb, index):
    found = []
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            for by in [child, *child.conjuncts]:
                for pobj in by.children:
                    if pobj.dep_ == "pobj":
                        found.extend(phrase_actors(pobj, index))
    if not found and verb.dep_ == "acl" and verb.tag_ == "VBN":
        return []
    return _unique(found)


def verb_subject_actors(verb, index: MentionIndex, hops: int = 0):
    """The actors of the verb's subject, climbing to the verb it depends on when it has none."""
    if hops > 3:
        return []
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if subjects:
        subject = _relative_head(subjects[0])
        if _is_event_noun(subject) or not _can_act(subject, index):
            return []
        found = phrase_actors(subject, index, subject=True)
        if not found and subject.lower_ in REPORTED_PRONOUNS and verb.dep_ in ("ccomp", "xcomp") and verb.head.i != verb.i:
            return verb_subject_actors(verb.head, index, hops + 1)  # "China said it would impose tariffs"
        return found
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        controller = _controller(verb, head)
        found = phrase_actors(controller, index) if controller is not None else []
        if found:
            return found
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
        head = head.head  # "The US is willing to provide ammunition"
    if verb.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp") and head.i != verb.i and head.pos_ in ("VERB", "AUX"):
        return verb_subject_actors(head, index, hops + 1)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return verb_subject_actors(head.head, index, hops + 1)
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        if head.lemma_.lower() in DOCUMENT_NOUNS and head.head.pos_ in ("VERB", "AUX"):
            return verb_subject_actors(head.head, index, hops + 1)
        return phrase_actors(head, index)
    return []


def _can_act(subject, index: MentionIndex) -> bool:
    """A subject whose actor stands only in an owner or an adjective must be headed by a word for
    people or a body ("His senior advisers", "Chinese banks"), not a thing ("China's thirst for oil
    has helped push prices up")."""
    if subject.pos_ not in ("NOUN",) or index.at(subject):
        return True
    lemma, lower = subject.lemma_.lower(), subject.lower_
    return lower in PLACED_NOUNS or lemma in agent_nouns() or lower in agent_nouns() or lemma in INSTRUMENT_NOUNS or (
        lemma in DOCUMENT_NOUNS)


def _controller(verb, prep):
    """Who does the -ing after a preposition: the noun before it in the same phrase ("sanctions
    against Chinese banks aiding Russia"), else the object of the verb above ("deter Xi from
    embracing Putin", "accused the United States of trying")."""
    before = [c for c in prep.children if c.dep_ == "pobj" and c.i < verb.i]
    if before:
        return before[-1]
    above = prep.head
    if above.pos_ in ("VERB", "AUX"):
        objects = [c for c in above.children if c.dep_ in ("dobj", "obj") and c.i < verb.i]
        if objects:
            return objects[0]
    return None


def _is_event_noun(token) -> bool:
    """A subject that is itself an event ("The Ukraine invasion threatens ...") is no actor."""
    from .lexicon import triggers

    return token.pos_ == "NOUN" and (token.lemma_.lower(), "NOUN") in triggers()


def _relative_head(token):
    """"that"/"which" as a subject stands for the noun the relative clause hangs on."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _verb_targets(verb, trigger: Trigger, index, source_ids):
    if TOGETHER in trigger.targets:  # "the two leaders issued a joint statement": the co-authors are the partners
        return []
    found = []
    for child in verb.children:
        if "object" in trigger.targets and child.dep_ in ("dobj", "dative", "obj"):
            if trigger.type == "CONSULT":  # "meet demand for cars in Asia", "meeting the Lisbon targets"
                found.extend(phrase_actors(child, index) if _can_act(child, index) else [])
            elif trigger.type in DIRECT_TARGET_TYPES:  # "aiding Russia's war effort"
                found.extend(phrase_actors(child, index))
            else:
                found.extend(phrase_actors(child, index) or _located_actors(child, index))
        elif child.dep_ == "prep" and child.lower_ in trigger.targets:
            found.extend(_pobj_actors(child, index))
        if child.dep_ in ("dobj", "obj"):  # "shared the intelligence with the Russians", "imposed sanctions on China"
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ in trigger.targets:
                    found.extend(_pobj_actors(prep, index))
    found = [(a, m) for a, m in _unique(found) if a["id"] not in source_ids]
    if not found and trigger.type not in DIRECT_TARGET_TYPES:
        deep = DEEP_LINKS + (("ccomp",) if trigger.type in DEEP_TARGET_TYPES else ())
        found = _deep_target(verb, index, source_ids, deep)
    return found


def _pobj_actors(prep, index):
    found = []
    for pobj in prep.children:
        if pobj.dep_ in ("pobj", "pcomp"):
            found.extend(phrase_actors(pobj, index) or _located_actors(pobj, index))
    return found


def _located_actors(noun, index):
    """A target named by where it is ("six companies in Iran and Hong Kong", "refineries of Iran")."""
    found = []
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "of", "based"):
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found.extend(phrase_actors(pobj, index))
    return found


def _deep_target(verb, index, source_ids, links, limit: int = 12):
    """The nearest actor inside the trigger's complement, not a subject of a clause in it
    ("threatened to strike Iranian nuclear sites", "denouncing what they saw as American interference")."""
    queue = [c for c in verb.children if c.dep_ in links and not _aside(c)]
    seen = 0
    while queue and seen < limit:
        token = queue.pop(0)
        seen += 1
        for actor, mention in index.at(token):
            if actor["id"] not in source_ids:
                return [(actor, mention)]
        queue.extend(c for c in token.children if c.dep_ not in SUBJECTS + PASSIVE_SUBJECTS + ("punct", "cc") and not _aside(c))
    return []


#: Prepositions that say where, when or on whose word, never at whom ("according to a readout from Seoul").
ASIDE_PREPOSITIONS = frozenset({"according", "in", "at", "during", "after", "before", "since", "from", "by", "for", "until", "within", "via", "through", "despite"})


def _aside(token) -> bool:
    return token.dep_ == "prep" and token.lower_ in ASIDE_PREPOSITIONS


# --- nouns ---------------------------------------------------------------------------------------

def noun_arguments(noun, trigger: Trigger, index: MentionIndex):
    """(sources, targets) of a noun trigger."""
    sources, victims = _noun_modifiers(noun, trigger, index)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by" and not sources:
            sources = _unique(_pobj_actors(child, index))
    if not sources and noun.dep_ in ("dobj", "obj", "nsubjpass") and noun.head.lemma_.lower() in carrier_verbs():
        sources = verb_subject_actors(noun.head, index)
    source_ids = {a["id"] for a, _ in sources}
    targets = list(victims)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in trigger.targets:
            targets.extend(_pobj_actors(child, index))
    targets = [(a, m) for a, m in _unique(targets) if a["id"] not in source_ids]
    return sources, targets


def _noun_modifiers(noun, trigger: Trigger, index):
    """Owner and adjective actors of a noun ("Putin's", "Russian", "US"); for violence, a proper-noun
    compound is the victim ("the Ukraine invasion")."""
    sources, victims = [], []
    for child in noun.lefts:
        if child.dep_ not in ("poss", "amod", "compound", "nmod"):
            continue
        actors = [pair for word in child.subtree for pair in index.at(word)]
        if child.dep_ == "compound" and child.pos_ == "PROPN" and trigger.type in VICTIM_COMPOUND_TYPES:
            victims.extend(actors)
        else:
            sources.extend(actors)
    return _unique(sources), _unique(victims)


def nested_trigger_arguments(noun, index, find):
    """A noun without actors of its own ("the threat of US sanctions against Chinese banks") takes
    them from the event named in its "of" phrase; ``find`` codes that inner noun."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    inner = find(pobj)
                    if inner is not None:
                        return inner
    return [], []
