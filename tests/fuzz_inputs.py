"""Hypothesis strategies for hostile input that looks like news files: HTML with random tags,
attributes and declared charsets; WARC records with random payloads and lengths; JSON Lines with
random types; RSS, Atom and JSON feeds with random entities, CDATA and nesting; any encoding and
byte-order mark. Used by tests/test_readers_fuzz.py and tests/test_clean_fuzz.py."""

from __future__ import annotations

import codecs
import gzip
import json

from hypothesis import strategies as st

#: Encodings text is written in, and charsets a file may declare (the last ones do not exist).
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "iso-8859-5", "koi8-r",
             "shift_jis", "gb18030", "euc-kr", "big5", "ascii", "utf-7"]
DECLARED = ENCODINGS + ["x-unknown", "utf-8; q=0", "", "utf8\x00", "ebcdic-cp-us", "'quoted'"]
BOMS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE]
NEWS_WORDS = ("China", "Russia", "Putin", "Xi", "said", "met", "sanctions", "the", "minister", "Beijing", "“", "”",
              '"', "'", "—", "...", "Subscribe", "Advertisement", "By", "Reuters", "\u00a0", "\u200b", "\t", "\r",
              "\n", "\n\n", "é", "日本", "😀", "\x00", "\u2028", "\ufeff", "Mr.", "NATO")
ENTITIES = ("&amp;", "&lt;", "&gt;", "&quot;", "&#8220;", "&#x1F600;", "&nbsp;", "&foo;", "&#0;", "&#xD800;",
            "&#99999999;", "&", "&#;", "&#x;", "&amp", "&e;")
TAGS = ("p", "div", "span", "article", "main", "section", "script", "style", "h1", "h2", "title", "meta", "br",
        "table", "tr", "td", "li", "ul", "a", "b", "iframe", "noscript", "svg", "template", "header", "footer",
        "nav", "aside", "figure", "time", "html", "head", "body", "form", "textarea", "xmp", "plaintext")
ATTRIBUTES = ("class", "id", "charset", "content", "http-equiv", "property", "name", "itemprop", "rel", "href",
              "lang", "datetime", "type", "style", "hidden")
CLASSES = ("article-body", "byline author", "related", "newsletter", "ad", "share", "caption", "", "comments")

#: Any text Python can hold except lone surrogates (no encoder writes those).
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
news_text = st.lists(st.one_of(st.sampled_from(NEWS_WORDS), any_text), max_size=25).map(" ".join)


def encode(text: str, encoding: str, bom: bytes = b"") -> bytes:
    """``text`` in ``encoding`` (unwritable characters as ``?``), after ``bom``."""
    return bom + text.encode(encoding, errors="replace")


encoded_text = st.builds(encode, news_text, st.sampled_from(ENCODINGS), st.sampled_from(BOMS))


# HTML ---------------------------------------------------------------------------------------


def _attributes(pairs: list[tuple[str, str]]) -> str:
    return "".join(f' {name}="{value}"' if value is not None else f" {name}" for name, value in pairs)


def _element(tag: str, attributes: str, children: list[str], close: str) -> str:
    inner = "".join(children)
    ending = {"closed": f"</{tag}>", "open": "", "wrong": "</p></div>"}[close]
    return f"<{tag}{attributes}>{inner}{ending}"


attribute_pairs = st.lists(st.tuples(st.sampled_from(ATTRIBUTES),
                                     st.one_of(st.sampled_from(CLASSES + tuple(DECLARED)), any_text, st.none())),
                           max_size=3).map(_attributes)
html_leaf = st.one_of(news_text, st.sampled_from(ENTITIES), st.just("<!-- comment -->"), st.just("<![CDATA[x]]>"),
                      st.just("<"), st.just("</>"), st.just("<p"))
html_fragment = st.recursive(
    html_leaf,
    lambda children: st.builds(_element, st.sampled_from(TAGS), attribute_pairs, st.lists(children, max_size=4),
                               st.sampled_from(["closed", "closed", "open", "wrong"])),
    max_leaves=30,
)


@st.composite
def html_pages(draw) -> bytes:
    """A page with random markup, a declared charset (maybe wrong) and an actual encoding."""
    declared = draw(st.sampled_from(DECLARED))
    meta = draw(st.sampled_from([f'<meta charset="{declared}">',
                                 f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">', ""]))
    head = f"<head>{meta}<title>{draw(news_text)}</title></head>"
    body = "".join(draw(st.lists(html_fragment, min_size=1, max_size=5)))
    prose = "<p>" + "</p><p>".join(draw(st.lists(news_text, max_size=6))) + "</p>"
    page = draw(st.sampled_from(["<!DOCTYPE html>", "", "<?xml version='1.0'?>"])) + f"<html>{head}<body>{prose}{body}</body></html>"
    return encode(page, draw(st.sampled_from(ENCODINGS)), draw(st.sampled_from(BOMS)))


# Feeds --------------------------------------------------------------------------------------


def cdata(text: str) -> str:
    return f"<![CDATA[{text}]]>"


feed_text = st.lists(st.one_of(news_text, st.sampled_from(ENTITIES), news_text.map(cdata), html_fragment.map(cdata),
                               html_fragment, st.just("]]>")), max_size=6).map("".join)
feed_date = st.one_of(st.sampled_from(["Tue, 10 Jun 2003 04:00:00 GMT", "2024-02-30T25:61:00Z", "yesterday", "",
                                       "0000-00-00", "2024-02-14"]), any_text)


def _rss_item(title: str, body: str, date: str, wrap: int) -> str:
    item = f"<item><title>{title}</title><description>{body}</description><pubDate>{date}</pubDate></item>"
    return "<group>" * wrap + item + "</group>" * wrap


def _atom_entry(title: str, body: str, kind: str, date: str, wrap: int) -> str:
    entry = f'<entry><title>{title}</title><content type="{kind}">{body}</content><updated>{date}</updated></entry>'
    return "<x:wrap xmlns:x='urn:x'>" * wrap + entry + "</x:wrap>" * wrap


rss_items = st.lists(st.builds(_rss_item, feed_text, feed_text, feed_date, st.integers(0, 3)), max_size=5)
atom_entries = st.lists(st.builds(_atom_entry, feed_text, feed_text, st.sampled_from(["html", "xhtml", "text", "x"]),
                                  feed_date, st.integers(0, 3)), max_size=5)
DOCTYPES = ("", '<!DOCTYPE rss [<!ENTITY e "expanded text">]>', "<!DOCTYPE rss>",
            '<!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>')


@st.composite
def xml_feeds(draw) -> bytes:
    """An RSS or Atom feed with random entities, CDATA sections, nesting and declared encoding."""
    declared = draw(st.sampled_from(DECLARED))
    prolog = f"<?xml version='1.0' encoding='{declared}'?>" if draw(st.booleans()) else ""
    doctype = draw(st.sampled_from(DOCTYPES))
    if draw(st.booleans()):
        body = f"<rss version='2.0'><channel><title>{draw(feed_text)}</title>{''.join(draw(rss_items))}</channel></rss>"
    else:
        body = f"<feed xmlns='http://www.w3.org/2005/Atom'><title>t</title>{''.join(draw(atom_entries))}</feed>"
    cut = draw(st.sampled_from([None, None, None, 0.5, 0.9]))
    feed = prolog + doctype + body
    feed = feed[: int(len(feed) * cut)] if cut else feed
    return encode(feed, draw(st.sampled_from(ENCODINGS)), draw(st.sampled_from(BOMS)))


# JSON ---------------------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), any_text, news_text),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(any_text, children, max_size=4)),
    max_leaves=15,
)
FIELDS = ("text", "body", "content", "title", "headline", "published", "date", "byline", "author", "url", "link",
          "id", "name", "authors", "items", "content_html", "content_text", "summary", "date_published", "version")
json_records = st.dictionaries(st.sampled_from(FIELDS), st.one_of(json_values, news_text), max_size=8)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


jsonl_line = st.one_of(
    json_records.map(json.dumps),
    json_values.map(lambda value: json.dumps(value, ensure_ascii=False)),
    st.integers(500, 100_000).map(_deep),
    st.integers(500, 100_000).map(lambda depth: '{"text": ' + _deep(depth) + "}"),
    any_text,
    st.just(""),
    st.just("\ufeff{\"text\": \"bom\"}"),
)


@st.composite
def jsonl_files(draw) -> bytes:
    """Lines of random JSON types, broken lines and deep nesting, in UTF-8 or another encoding."""
    lines = draw(st.lists(jsonl_line, min_size=1, max_size=8))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    data = ending.join(lines).encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1252"])), errors="replace")
    return data + draw(st.sampled_from([b"", b"\n", b"\xff\xfe", b"\x00" * 3]))


@st.composite
def json_feeds(draw) -> bytes:
    """A JSON Feed whose items are random JSON values and records."""
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": draw(news_text),
            "items": draw(st.lists(st.one_of(json_records, json_values), max_size=5))}
    if draw(st.booleans()):
        feed["author"] = draw(json_values)
    text = json.dumps(feed, ensure_ascii=draw(st.booleans()))
    return text.encode("utf-8")


# WARC ---------------------------------------------------------------------------------------


def http_response(status: str, content_type: str, body: bytes, chunked: bool) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
    if chunked:
        head += "Transfer-Encoding: chunked\r\n"
        body = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    return head.encode("latin-1", errors="replace") + b"\r\n" + body


def warc_record(number: int, kind: str, payload: bytes, length_shift: int, gzipped: bool) -> bytes:
    headers = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{number:012d}>\r\n"
               f"WARC-Target-URI: http://example.org/{number}\r\nWARC-Date: 2024-02-14T00:00:00Z\r\n"
               f"Content-Type: application/http; msgtype=response\r\n"
               f"Content-Length: {max(0, len(payload) + length_shift)}\r\n\r\n")
    record = headers.encode() + payload + b"\r\n\r\n"
    return gzip.compress(record) if gzipped else record


http_payloads = st.builds(
    http_response,
    st.sampled_from(["200 OK", "404 Not Found", "301 Moved", "200", "abc", ""]),
    st.one_of(st.sampled_from(["text/html", "text/html; charset=utf-8", "text/html; charset=x-bogus",
                               "text/html; charset=", "application/json", "TEXT/HTML; CHARSET=latin-1"]),
              st.sampled_from(DECLARED).map(lambda charset: f"text/html; charset={charset}")),
    st.one_of(html_pages(), st.binary(max_size=200)),
    st.booleans(),
)


@st.composite
def warc_files(draw) -> bytes:
    """Valid-looking WARC records with random payloads, lengths, types and gzip members, maybe cut."""
    gzipped = draw(st.booleans())
    records = []
    for number in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["response", "response", "request", "warcinfo", "resource", "bogus"]))
        payload = draw(st.one_of(http_payloads, st.binary(max_size=100)))
        shift = draw(st.sampled_from([0, 0, 0, -1, 1, -20, 50, 10_000]))
        records.append(warc_record(number, kind, payload, shift, gzipped))
    data = b"".join(records)
    cut = draw(st.sampled_from([None, None, 0.3, 0.7, 0.99]))
    return data[: int(len(data) * cut)] if cut else data
