"""The summary a run prints on stderr."""

from __future__ import annotations

from collections import Counter

from .pipeline import RunReport
from .stages.clean import METADATA_REASONS
from .types import READ_ERROR_REASONS


def _counted(counter) -> str:
    return ", ".join(f"{count} {name}" for name, count in counter.most_common()) or "none"


def read_reasons(counts: Counter) -> str:
    """Input errors by reason, most first, in words: '3 invalid JSON, 1 empty file'."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{count} {READ_ERROR_REASONS.get(reason, reason)}" for reason, count in ordered)


def format_summary(report: RunReport, db: str | None = None) -> str:
    """A few lines a person reads after a run."""
    junk = {reason: n for reason, n in report.removed.items() if reason not in METADATA_REASONS}
    meta = {reason: n for reason, n in report.removed.items() if reason in METADATA_REASONS}
    lines = [
        f"documents: {report.documents} analysed, {report.unchanged} already stored, "
        f"{len(report.read_errors)} input errors",
        f"junk removed ({sum(junk.values())} lines): {_counted(Counter(junk))}",
        f"metadata lines: {_counted(Counter(meta))}",
        f"truncated: {report.truncated}   repairs: {report.repairs}   not analysed: {_counted(report.skipped)}",
        f"sentences: {report.sentences} parsed"
        + (f", {report.unparsed} skipped (nothing in them can hold a record)" if report.unparsed else ""),
        f"actors: {report.actors}   quotes: {report.quotes}   events: {report.events}   "
        f"copies: {_counted(report.copies)}",
    ]
    if report.read_reasons:
        lines.insert(1, f"input errors by reason: {read_reasons(report.read_reasons)}")
    if report.problems:
        lines.append(f"problems: {_counted(report.problems)}")
    if report.seconds:
        lines.append("seconds: " + ", ".join(f"{name} {value:.2f}" for name, value in report.seconds.items()))
    if db:
        lines.append(f"store: {db}")
    return "\n".join(lines)
