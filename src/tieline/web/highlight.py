"""A document's text with its spans marked from their character offsets.

Every span is ``text[start:end]`` of the document's clean ``text``: an actor mention, a quote,
an event trigger (and, when asked, one event's sentence). Spans nest into ``<mark>`` elements;
a span that crosses the end of the one around it is cut there and marked ``data-part``, so every
whole ``<mark>`` holds exactly ``text[data-start:data-end]``.

    >>> spans = [Span("quote", 5, 12, "q0", "Xi"), Span("actor", 0, 2, "Q15031", "Xi Jinping")]
    >>> print(render("Xi: “We talk.”", spans))  # doctest: +NORMALIZE_WHITESPACE
    <mark class="hl hl-actor" data-kind="actor" data-start="0" data-end="2" data-ref="Q15031"
    title="actor: Xi Jinping">Xi</mark>: “<mark class="hl hl-quote" data-kind="quote" data-start="5"
    data-end="12" data-ref="q0" title="quote: Xi">We talk</mark>.”
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

#: Outer kinds first when two spans start and end together.
KINDS = ("sentence", "quote", "actor", "trigger")


@dataclass(frozen=True)
class Span:
    """One marked stretch of the text: ``kind`` (one of ``KINDS``), offsets, what it refers to."""

    kind: str
    start: int
    end: int
    ref: str | None = None
    label: str | None = None
    part: bool = False

    def key(self) -> tuple:
        return self.start, -self.end, KINDS.index(self.kind)


def document_spans(doc, event_id: str | None = None) -> list[Span]:
    """The spans of a stored ``Doc``: its actors' mentions, its quotes, its events' triggers, and
    the sentence of ``event_id`` when given; spans whose offsets fall outside the text are left out."""
    spans = [Span("actor", m["start"], m["end"], actor.get("id"), actor.get("name"))
             for actor in doc.actors for m in actor.get("mentions") or []]
    spans += [Span("quote", q.get("start"), q.get("end"), q.get("id"), q.get("speaker")) for q in doc.quotes]
    spans += [Span("trigger", e.get("trigger_start"), e.get("trigger_end"), e.get("id"), e.get("type")) for e in doc.events]
    spans += [Span("sentence", e.get("sentence_start"), e.get("sentence_end"), e.get("id"), e.get("type"))
              for e in doc.events if event_id and e.get("id") == event_id]
    return sorted((s for s in spans if _inside(s, len(doc.text))), key=Span.key)


def _inside(span: Span, length: int) -> bool:
    return isinstance(span.start, int) and isinstance(span.end, int) and 0 <= span.start < span.end <= length


def render(text: str, spans: list[Span]) -> Markup:
    """``text`` escaped, with each span a ``<mark>`` (nested; crossing spans cut into parts)."""
    out, stack, at = [], [], 0
    queue = [(span.key(), n, span) for n, span in enumerate(spans)]
    heapq.heapify(queue)
    count = len(queue)
    while queue:
        span = heapq.heappop(queue)[2]
        at = _close(text, out, stack, at, span.start)
        if stack and span.end > stack[-1].end:
            rest = replace(span, start=stack[-1].end, part=True)
            heapq.heappush(queue, (rest.key(), count, rest))
            count += 1
            span = replace(span, end=stack[-1].end, part=True)
        out.append(str(escape(text[at:span.start])) + _open(span))
        at = span.start
        stack.append(span)
    at = _close(text, out, stack, at, len(text) + 1)
    return Markup("".join(out) + str(escape(text[at:])))


def _close(text: str, out: list[str], stack: list[Span], at: int, until: int) -> int:
    """Close the open marks that end at or before ``until``; return the offset reached."""
    while stack and stack[-1].end <= until:
        span = stack.pop()
        out.append(str(escape(text[at:span.end])) + "</mark>")
        at = span.end
    return at


def _open(span: Span) -> str:
    part = ' data-part="1"' if span.part else ""
    ref = f' data-ref="{escape(span.ref)}"' if span.ref else ""
    title = f' title="{escape(span.kind)}: {escape(span.label)}"' if span.label else ""
    anchor = f' id="{escape(span.ref)}"' if span.kind == "sentence" and span.ref else ""
    return (f'<mark class="hl hl-{span.kind}" data-kind="{span.kind}" data-start="{span.start}" '
            f'data-end="{span.end}"{ref}{anchor}{part}{title}>')
