"""Typed records that flow through tieline.

A reader turns bytes into :class:`RawArticle` records (or :class:`ReadError`
records for input it could not read). The pipeline turns each article into a
:class:`Doc`, and every stage fills named fields of it. Offsets of ``removed``
and ``repairs`` point into ``Doc.raw``; offsets of everything later stages add
(sentences, actors, quotes, events) point into ``Doc.text``.

``SCHEMA_VERSION`` names the JSON shape written by ``Doc.to_dict``. Later
versions add fields; they never rename or remove one.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "tieline.doc.v1"


def content_id(text: str) -> str:
    """Return the document id: the first 16 hex digits of SHA-256 of the NFC text."""
    normal = unicodedata.normalize("NFC", text)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return value


@dataclass
class RawArticle:
    """One article as a reader found it, before any cleaning.

    ``text`` is the decoded text (for HTML: the text extracted from the page).
    ``title``/``published``/``byline`` hold what the container already says
    (a feed entry's title, an HTML page's metadata); ``None`` where it says nothing.
    """

    source: str
    text: str
    format: str
    title: str | None = None
    published: str | None = None
    byline: str | None = None
    url: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    #: What kind of page it came from (``tieline.readers.pagetype``): ``article`` unless an HTML page
    #: says it is a home page, section front, live blog, gallery, search results or video page.
    page_type: str = "article"
    #: Blocks of an HTML page that the extractor left out of the article, as lines of ``text``:
    #: offsets into ``text`` and the reason its markup names (``""`` where none does).
    dropped: list["Removed"] = field(default_factory=list)

    @property
    def id(self) -> str:
        return content_id(self.text)


#: Why input could not be read: each ``ReadError.reason`` and the words the run summary prints for it.
READ_ERROR_REASONS = {
    "empty": "empty file",
    "blank": "only blank space",
    "binary": "not text (binary)",
    "too_big": "over the size limit",
    "truncated_gzip": "truncated gzip",
    "bad_gzip": "not valid gzip",
    "nested_gzip": "gzip inside gzip",
    "truncated_warc": "truncated WARC",
    "broken_warc": "broken WARC record",
    "not_warc": "not a WARC file",
    "warc_from_pipe": "one-stream gzip WARC from a pipe",
    "invalid_json": "invalid JSON",
    "not_object": "not a JSON object",
    "missing_field": "no text field",
    "wrong_type": "wrong field type",
    "empty_field": "empty text field",
    "no_records": "no articles in the file",
    "no_text": "no article text",
    "too_deep": "markup nested too deep",
    "broken_html": "HTML that cannot be parsed",
    "broken_feed": "broken feed",
    "broken_xml": "broken XML",
    "entity_bomb": "XML entity-expansion bomb refused",
    "unknown_format": "unknown format",
    "not_found": "no such file",
    "broken_link": "broken symbolic link",
    "symlink_loop": "symbolic link loop",
    "permission": "permission denied",
    "is_folder": "a folder, not a file",
    "empty_folder": "folder with no files",
    "os_error": "cannot read (system error)",
    "internal_error": "internal error (a tieline bug)",
    "unreadable": "cannot be read (other)",
}


@dataclass
class ReadError:
    """Input that could not be turned into an article: one line for the user.

    ``reason`` is a key of :data:`READ_ERROR_REASONS`: the run summary counts errors by it.
    """

    source: str
    message: str
    fix: str | None = None
    reason: str = "unreadable"

    def __post_init__(self) -> None:
        if self.reason not in READ_ERROR_REASONS:
            raise ValueError(f"unknown read error reason {self.reason!r}: add it to tieline.types.READ_ERROR_REASONS")

    def __str__(self) -> str:
        tail = f" ({self.fix})" if self.fix else ""
        return f"{self.source}: {self.message}{tail}"


@dataclass
class Removed:
    """A span of the raw text left out of the body, and why."""

    text: str
    reason: str
    start: int
    end: int


@dataclass
class Repair:
    """A scraping glitch mended in the body; offsets point into ``Doc.raw``."""

    kind: str
    before: str
    after: str
    start: int
    end: int


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Problem:
    """A stage could not do its work on a document; the document is still kept."""

    stage: str
    reason: str
    detail: str = ""


@dataclass
class Doc:
    """A document and everything the stages found in it."""

    id: str
    source: str
    raw: str
    format: str = "text"
    title: str | None = None
    published: str | None = None
    byline: str | None = None
    url: str | None = None
    encoding: str | None = None
    page_type: str = "article"
    #: The reader's blocks of ``raw`` outside the article (HTML pages); the clean stage removes them.
    dropped: list[Removed] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    language: str | None = None
    text: str = ""
    removed: list[Removed] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    truncated: bool = False
    sentences: list[Sentence] = field(default_factory=list)
    #: Sentences of ``text`` the parse stage did not parse: nothing in them can hold a record
    #: (``tieline.prefilter``); no actor, quote or event comes from them.
    unparsed: list[Sentence] = field(default_factory=list)
    duplicate_of: str | None = None
    copy_kind: str | None = None
    copy: dict[str, Any] | None = None
    story: str | None = None
    actors: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: str | None = None
    stages: dict[str, str] = field(default_factory=dict)
    schema: str = SCHEMA_VERSION
    #: The spaCy ``Doc`` of ``text`` while a batch is in flight; never serialised or compared.
    parsed: Any = field(default=None, repr=False, compare=False, metadata={"transient": True})

    @classmethod
    def from_raw(cls, article: RawArticle) -> "Doc":
        return cls(
            id=article.id,
            source=article.source,
            raw=article.text,
            format=article.format,
            title=article.title,
            published=article.published,
            byline=article.byline,
            url=article.url,
            encoding=article.encoding,
            page_type=article.page_type,
            dropped=list(article.dropped),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready record (``SCHEMA_VERSION``); transient fields left out."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if not f.metadata.get("transient")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Doc":
        known = {f.name for f in fields(cls) if not f.metadata.get("transient")}
        values = {key: value for key, value in data.items() if key in known}
        values["removed"] = [Removed(**r) for r in data.get("removed", [])]
        values["dropped"] = [Removed(**r) for r in data.get("dropped", [])]
        values["repairs"] = [Repair(**r) for r in data.get("repairs", [])]
        values["sentences"] = [Sentence(**s) for s in data.get("sentences", [])]
        values["unparsed"] = [Sentence(**s) for s in data.get("unparsed", [])]
        values["problems"] = [Problem(**p) for p in data.get("problems", [])]
        return cls(**values)
