"""What keeps an event apart from what happened: negated, hypothetical, future, claimed, historical.

Each flag is read from the words around the trigger (``resources/events/modifiers.tsv``): a
negation or auxiliary on the trigger or on the verbs it hangs on, a condition ("if") on a clause
above it, a head word above it ("refused to", "the threat of", "accused ... of"), a modifier on it
("potential sanctions"), a time phrase in its clause ("for more than a decade"), a year in its
clause before the article's year, or a quote around it. Claims: an event inside a direct or partial
quote, inside reported speech with a speech cue, or under "accuse"/"allege"/"claim" is the
speaker's claim; reported speech sourced with "according to", or tagged after it ("Russia attacked
Ukraine, officials said"), is the writer's report, not a claim.
"""

from __future__ import annotations

import re

from .lexicon import extra_flags, modifiers

FLAGS = ("negated", "hypothetical", "future", "claimed", "historical")
#: Links that stay inside the trigger's clause when walking up for negations and auxiliaries.
CLAUSE_LINKS = frozenset({"xcomp", "prep", "pcomp", "pobj", "dobj", "acomp", "advmod", "amod", "compound", "conj", "nsubjpass", "nsubj", "attr"})
#: Links above which a head word no longer governs the trigger ("..., as highlighted by Putin's visit").
CLAUSE_BREAKS = frozenset({"advcl", "relcl", "parataxis"})
#: How many heads up a head word may stand ("refused to attend", "the threat of US sanctions against ...").
HEAD_WINDOW = 6
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
#: Quote cues whose reported clause is the writer's report, not a speaker's claim.
SOURCING_CUES = frozenset({"according to"})
#: Speech verbs that, after the event they report, only tag where the news came from.
ATTRIBUTION_VERBS = frozenset({"say", "tell", "report", "state", "add", "announce", "confirm"})
ATTRIBUTION_FORMS = frozenset({"said", "says", "told", "tells", "reported", "reports", "stated", "added", "announced", "confirmed"})


def flags_for(trigger, quotes: list[dict], published: str | None) -> tuple[dict[str, bool], str | None, str | None]:
    """(flags, claimed_by, quote_id) for the event whose trigger token is ``trigger``."""
    found = dict.fromkeys(FLAGS, False)
    table = modifiers()
    clause = list(_clause_words(trigger))
    for word in clause:
        for child in word.children:
            lower = child.lower_
            if child.dep_ == "neg" and lower in table.get("neg", {}):
                found["negated"] = True
            if child.dep_ in ("aux", "auxpass") and lower in table.get("aux", {}):
                found[table["aux"][lower]] = True
    for word in (trigger, *clause[:2]):
        for child in word.children:
            if child.dep_ in ("amod", "advmod", "det", "neg") and child.lower_ in table.get("modifier", {}):
                found[table["modifier"][child.lower_]] = True
    _head_words(trigger, found)
    _conditions(trigger, found)
    if _scheduled(trigger, clause):
        found["future"] = True
    _historical(clause, found, published)
    quote = _quote_around(trigger, quotes)
    claimed_by = None
    if quote is not None and (quote.get("cue") or "") not in SOURCING_CUES and not _attribution_tag(quote, trigger):
        found["claimed"] = True
        claimed_by = quote.get("speaker")
    return found, claimed_by, quote["id"] if quote else None


def _attribution_tag(quote, trigger) -> bool:
    """Reported speech whose cue comes after it ("..., officials said") tags a news report."""
    cue_start = quote.get("cue_start")
    return quote.get("kind") == "indirect" and cue_start is not None and cue_start > trigger.idx and (
        (quote.get("cue") or "").lower() in ATTRIBUTION_FORMS)


def _clause_words(trigger):
    """The trigger and the words above it within its clause ("did not attend", "will not impose
    sanctions"); an infinitive belongs to the clause of the verb it completes ("will do everything
    he can to support Putin")."""
    token = trigger
    yield token
    for _ in range(HEAD_WINDOW):
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if (token.dep_ not in CLAUSE_LINKS and not infinitive) or token.head.i == token.i:
            return
        token = token.head
        yield token


def _head_words(trigger, found):
    """Head words above the trigger: "refused to attend", "the threat of", "accused ... of trying to"."""
    heads = extra_flags()
    token = trigger
    for _ in range(HEAD_WINDOW):
        while token.dep_ == "conj" and token.head.i != token.i:  # "denies backing X and accused Y": a sibling, not a governor
            token = token.head
        if token.head.i == token.i or _clause_break(token) or _reduced_relative(token):
            return
        token = token.head
        lemma = token.lemma_.lower()
        for flag in heads.get(lemma, ()) or heads.get(token.lower_, ()):
            if flag == "claimed" and lemma in ATTRIBUTION_VERBS and token.i > trigger.i:
                continue  # "Russia attacked Ukraine, officials said": an attribution tag, the writer's report
            found[flag] = True


def _clause_break(token) -> bool:
    """A relative, adverbial or parenthetical clause is not governed by the words above it; a
    purpose infinitive is ("prepared to head to Brussels to meet Bush")."""
    purpose = token.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    return token.dep_ in CLAUSE_BREAKS and not purpose


#: Words that date a present-tense verb to a coming day ("meets on Thursday", "meets on 12 January").
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow",
                      "january", "february", "march", "april", "may", "june", "july", "august", "september",
                      "october", "november", "december"})


def _scheduled(trigger, clause) -> bool:
    """"The IMF is to look at ...", "finance ministers meet on Thursday": a plan, not yet done."""
    for word in clause:
        if word.dep_ == "xcomp" and word.head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in word.children):
            return True
    verb = clause[0]
    if verb.tag_ in ("VBZ", "VBP"):
        return any(t.lower_ in WEEKDAYS for c in verb.children if c.dep_ in ("prep", "npadvmod") for t in c.subtree)
    return False


def _reduced_relative(token) -> bool:
    """"sanctions against Chinese banks aiding Russia": the -ing describes the noun before it."""
    return token.dep_ == "pcomp" and token.head.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.i < token.i for c in token.head.children)


def _conditions(trigger, found):
    marks = modifiers().get("mark", {})
    for token in [trigger, *trigger.ancestors]:
        for child in token.children:
            if child.dep_ == "mark" and child.lower_ in marks:
                found[marks[child.lower_]] = True


def _historical(clause, found, published):
    """Background: "for more than a decade", "last year", or a year before the article's in a
    time phrase of the clause ("in 2019", "since a summit collapsed in 2019")."""
    table = modifiers()
    times, phrases = table.get("time", {}), table.get("phrase", {})
    year = int(published[:4]) if published and published[:4].isdigit() else None
    # "refused to return ... since", "rejected that ruling for decades" (the parser hangs the time on the object)
    words = list(clause) + [c for c in clause[0].children if c.dep_ in ("xcomp", "dobj")]
    if clause[-1].dep_ == "acl":  # "Talks mediated by the African Union broke down last year"
        words.append(clause[-1].head.head)
    for word in words:
        if word.pos_ not in ("VERB", "AUX", "NOUN"):
            continue
        for child in word.children:
            if not _time_phrase(child):
                continue
            if child.lower_ == "since" and _earlier_year(child.doc.text[child.idx : child.sent.end_char], year):
                found["historical"] = True  # "since a summit in Hanoi collapsed in 2019"
            phrase = " ".join(t.lower_ for t in child.subtree)
            if child.lower_ == "for" and any(w in times for w in phrase.split()):
                found["historical"] = True
            if any(p in phrase for p in phrases):
                found["historical"] = True
            if _earlier_year(phrase, year):
                found["historical"] = True


def _earlier_year(text: str, year: int | None) -> bool:
    return year is not None and any(int(y) < year for y in _YEAR.findall(text))


def _time_phrase(child) -> bool:
    if child.dep_ == "prep":
        return child.lower_ in ("for", "since", "in", "during")
    if child.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ == "since" for c in child.children)
    return child.dep_ in ("npadvmod", "advmod")


def _quote_around(trigger, quotes):
    start = trigger.idx
    inside = [q for q in quotes if q["start"] <= start < q["end"]]
    return min(inside, key=lambda q: q["end"] - q["start"]) if inside else None
