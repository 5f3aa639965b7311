"""What the clean stage kept and removed, line by line, for a reader (``tieline analyze --explain``).

    >>> from tieline.types import Doc, Removed
    >>> doc = Doc(id="d1", source="page.html", raw="Talks end\\nAccept all cookies\\n", text="Talks end")
    >>> doc.removed = [Removed("Accept all cookies", "cookie_banner", 10, 28)]
    >>> print(explain(doc, width=40))
    page.html  (d1)
      page type: article; truncated: no
      kept           | Talks end
      cookie_banner  | Accept all cookies
"""

from __future__ import annotations

from .types import Doc

#: The verdict column's width.
VERDICT = 14


def line_verdicts(doc: Doc) -> list[tuple[str, str]]:
    """``(verdict, line)`` for each non-blank line of ``doc.raw``: ``kept`` or the removal reason."""
    spans = sorted((r.start, r.end, r.reason) for r in doc.removed)
    found, offset = [], 0
    for line in doc.raw.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        reason = next((why for s, e, why in spans if s < end and start < e), None)
        found.append((reason or "kept", line.strip()))
    return found


def explain(doc: Doc, width: int = 100) -> str:
    """A document's header and every line of its raw text with its verdict."""
    header = [f"{doc.source}  ({doc.id})"]
    facts = [f"page type: {doc.page_type}", f"truncated: {'yes' if doc.truncated else 'no'}"]
    if doc.title:
        facts.insert(0, f"title: {doc.title}")
    if doc.skipped:
        facts.append(f"skipped: {doc.skipped}")
    header.append("  " + "; ".join(facts))
    rows = [f"  {verdict:<{VERDICT}} | {_clip(line, width)}" for verdict, line in line_verdicts(doc)]
    return "\n".join(header + rows)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
