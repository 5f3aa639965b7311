"""Write the broken-file corpus: input that tieline must name, survive or read right.

Each kind of broken input is one maker, ``make(folder, name, n)``: it writes ``folder/name`` and
returns what a correct reader does with it (:class:`Expect`): the errors it must name (the
source, with ``:line`` or ``#record`` where it applies, and the ``ReadError.reason``) and the good
articles it must still give (their source and a piece of text that must survive decoding). ``n``
varies the made-up text, so two copies of a kind are two different articles. All text is
invented here; none comes from a real news source.

``tests/fixtures/broken/files`` is this script's output without ``--large`` (committed; see the
README beside it). The large files and the folder loop are made at test time into a temporary
folder. ``scripts/make_broken_run.py`` imports :data:`KINDS` to salt a real corpus with them.

Example:
    python scripts/make_broken_files.py tests/fixtures/broken/files
    python scripts/make_broken_files.py /tmp/broken --large
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import os
import random
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

STATES = ("Norland", "Estmark", "Sarovia", "Kestria", "Ombaru", "Tellisand", "Varnholm", "Quessa")
CITIES = ("Valdora", "Port Anselm", "Lindmoor", "Kestrel Bay", "Sarn", "Oberhal")
PEOPLE = ("Ilse Varga", "Tomas Redd", "Amara Lind", "Piet Hallam", "Noor Sadiq", "Rafe Dunmore")
SENTENCES = (
    "{a} and {b} signed a water-sharing accord in {city} on Tuesday after three years of talks.",
    "Foreign minister {person} of {a} called the deal “a first step, not the last”.",
    "{b} will cut tariffs on grain from {a} by a fifth from next month, officials said.",
    "Observers from {c} said the agreement was fragile but welcome.",
    "{c} accused {b} of moving troops towards the border, a charge {b} denied.",
    "The two governments agreed to meet again in {city} in the spring.",
    "{person} said {a} would not sign any deal that left its farmers worse off.",
    "Talks on a prisoner exchange between {a} and {c} stalled over the weekend.",
)
#: Accented names and curly quotes: what a wrong decoding would mangle.
ACCENTED = "“We will not be rushed,” said José Müller, Estmark’s envoy, after meeting Zoë Lefèvre in Århus."
LARGE_LINE_BYTES = 20_000_000
DEEP_DIVS = 100_000


@dataclass
class Expect:
    """What a correct run makes of one broken input; sources are relative to the corpus folder."""

    errors: list[tuple[str, str]] = field(default_factory=list)  # (source, ReadError.reason)
    good: list[tuple[str, str]] = field(default_factory=list)  # (source, text the stored raw text holds)

    def extend(self, other: Expect) -> None:
        self.errors += other.errors
        self.good += other.good


def story(n: int) -> tuple[str, list[str]]:
    """A made-up news story, the same for the same ``n``: its title and paragraphs."""
    rng = random.Random(n)
    a, b, c = rng.sample(STATES, 3)
    slots = {"a": a, "b": b, "c": c, "city": rng.choice(CITIES), "person": rng.choice(PEOPLE)}
    sentences = [s.format(**slots) for s in rng.sample(SENTENCES, 5)]
    paragraphs = [" ".join(sentences[:2]), " ".join(sentences[2:4]), f"{sentences[4]} (Bulletin {n}.)"]
    return f"{a} and {b} agree on water, bulletin {n}", paragraphs


def story_text(n: int, extra: str = "") -> str:
    title, paragraphs = story(n)
    return "\n\n".join([title, *paragraphs, *([extra] if extra else [])]) + "\n"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# -- the makers: each writes folder/name and returns what a reader must do with it ---------------


def empty_file(folder: Path, name: str, n: int) -> Expect:
    _write(folder / name, b"")
    return Expect(errors=[(name, "empty")])


def binary_noise(folder: Path, name: str, n: int) -> Expect:
    noise = bytearray(random.Random(n).randbytes(4096))
    noise[0] = 0x02  # never a gzip or image magic number by chance
    _write(folder / name, bytes(noise))
    return Expect(errors=[(name, "binary")])


def truncated_text_gzip(folder: Path, name: str, n: int) -> Expect:
    packed = gzip.compress(story_text(n).encode("utf-8") * 3, mtime=0)
    _write(folder / name, packed[: len(packed) // 2])
    return Expect(errors=[(name, "truncated_gzip")])


def truncated_jsonl_gzip(folder: Path, name: str, n: int) -> Expect:
    """Three JSON lines, flushed after the second, cut inside the third: the first two still count."""
    lines = [_json_line(n * 10 + i) for i in range(3)]
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    whole = packer.compress(b"".join(lines[:2])) + packer.flush(zlib.Z_SYNC_FLUSH)
    third = packer.compress(lines[2]) + packer.flush(zlib.Z_SYNC_FLUSH)
    _write(folder / name, _fixed_gzip_header(whole) + third[: len(third) // 2])
    good = [(f"{name}:{i + 1}", f"Bulletin {n * 10 + i}.") for i in range(2)]
    return Expect(errors=[(f"{name}:3", "truncated_gzip")], good=good)


def _fixed_gzip_header(data: bytes) -> bytes:
    return data[:4] + bytes(4) + data[8:]  # mtime zero, so the output is the same on every run


def _json_line(n: int) -> bytes:
    title, paragraphs = story(n)
    return (json.dumps({"title": title, "text": "\n\n".join(paragraphs)}, ensure_ascii=False) + "\n").encode("utf-8")


def truncated_warc_gzip(folder: Path, name: str, n: int) -> Expect:
    """Two HTML responses, one gzip member each, cut in the middle of the second member."""
    first, second = _warc_record(n, gzipped=True), _warc_record(n + 1, gzipped=True)
    _write(folder / name, first + second[: len(second) // 2])
    return Expect(errors=[(f"{name}#1", "truncated_gzip")], good=[(f"{name}#0", f"Bulletin {n}.")])


def truncated_warc(folder: Path, name: str, n: int) -> Expect:
    first, second = _warc_record(n, gzipped=False), _warc_record(n + 1, gzipped=False)
    _write(folder / name, first + second[: len(second) // 2])
    return Expect(errors=[(f"{name}#1", "truncated_warc")], good=[(f"{name}#0", f"Bulletin {n}.")])


def _warc_record(n: int, gzipped: bool) -> bytes:
    title, paragraphs = story(n)
    body = page_html(title, paragraphs).encode("utf-8")
    url = f"https://courier.example.org/bulletin-{n}"
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                       ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    headers = {"WARC-Date": "2024-07-08T12:00:00Z", "WARC-Record-ID": f"<urn:uuid:{uuid.UUID(int=n)}>"}
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                                  warc_headers_dict=headers))
    return out.getvalue()


def page_html(title: str, paragraphs: list[str]) -> str:
    """A plain news page: the title, then the paragraphs in an ``<article>``."""
    title = html.escape(title, quote=False)
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>\n'
            f"<body><article><h1>{title}</h1>\n{body}</article></body></html>\n")


def nul_bytes(folder: Path, name: str, n: int) -> Expect:
    text = story_text(n, "Diplomats from both sides met again on Friday.")
    _write(folder / name, text.replace("Diplomats", "Dip\x00lo\x00mats").encode("utf-8"))
    return Expect(good=[(name, "Diplomats from both sides met again on Friday.")])


def unclosed_tags(folder: Path, name: str, n: int) -> Expect:
    title, paragraphs = story(n)
    page = (f"<html><head><title>{title}</title><body><div class=story><h1>{title}<p>{paragraphs[0]}"
            f"<p><b>{paragraphs[1]}<p><i>{paragraphs[2]}<div><span>")
    _write(folder / name, page.encode("utf-8"))
    return Expect(good=[(name, f"Bulletin {n}.")])


def utf16_with_bom(folder: Path, name: str, n: int) -> Expect:
    _write(folder / name, story_text(n, ACCENTED).encode("utf-16"))
    return Expect(good=[(name, ACCENTED)])


def cp1252_undeclared(folder: Path, name: str, n: int) -> Expect:
    _write(folder / name, story_text(n, ACCENTED).encode("cp1252"))
    return Expect(good=[(name, ACCENTED)])


def mixed_jsonl(folder: Path, name: str, n: int) -> Expect:
    """Good lines between a cut line, wrongly typed fields, a list, a line with no text and a blank one."""
    title, paragraphs = story(n)
    good = _json_line(n * 10).decode("utf-8")
    lines = [
        good,
        good[: len(good) // 2] + "\n",
        _json_line(n * 10 + 1).decode("utf-8"),
        f'{{"title": "{title}", "text": {n}}}\n',
        f'["{title}", "{paragraphs[0]}"]\n',
        f'{{"title": "{title}", "summary": "{paragraphs[0]}"}}\n',
        "\n",
        f'{{"title": ["{title}", 7], "published": 20240708, "text": "{paragraphs[1]} (Line {n}.)"}}\n',
    ]
    _write(folder / name, "".join(lines).encode("utf-8"))
    errors = [(f"{name}:2", "invalid_json"), (f"{name}:4", "wrong_type"), (f"{name}:5", "not_object"),
              (f"{name}:6", "missing_field")]
    good_lines = [(f"{name}:1", f"Bulletin {n * 10}."), (f"{name}:3", f"Bulletin {n * 10 + 1}."),
                  (f"{name}:8", f"(Line {n}.)")]
    return Expect(errors=errors, good=good_lines)


def folder_named_like_file(folder: Path, name: str, n: int) -> Expect:
    _write(folder / name / "story.txt", story_text(n).encode("utf-8"))
    return Expect(good=[(f"{name}/story.txt", f"Bulletin {n}.")])


def symlink_loop(folder: Path, name: str, n: int) -> Expect:
    folder.mkdir(parents=True, exist_ok=True)
    os.symlink(name, folder / name)  # a link to itself
    return Expect(errors=[(name, "symlink_loop")])


def large_line(folder: Path, name: str, n: int) -> Expect:
    """One line of ``LARGE_LINE_BYTES`` bytes of sentences, no newline anywhere."""
    rng = random.Random(n)
    pieces, size = [], 0
    while size < LARGE_LINE_BYTES:
        title, paragraphs = story(rng.randrange(1_000_000))
        piece = " ".join(paragraphs) + " "
        pieces.append(piece)
        size += len(piece.encode("utf-8"))
    data = "".join(pieces).encode("utf-8")[:LARGE_LINE_BYTES].decode("utf-8", errors="ignore").rstrip()
    _write(folder / name, data.encode("utf-8"))
    return Expect(good=[(name, data[:60])])


def deep_divs(folder: Path, name: str, n: int) -> Expect:
    title, paragraphs = story(n)
    page = (f"<!DOCTYPE html><html><head><title>{title}</title></head><body>" + "<div>" * DEEP_DIVS
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>" * DEEP_DIVS + "</body></html>\n")
    _write(folder / name, page.encode("utf-8"))
    return Expect(errors=[(name, "too_deep")])


def folder_loop(folder: Path, name: str, n: int) -> Expect:
    """A folder holding a good story and a link back to itself."""
    _write(folder / name / "story.txt", story_text(n).encode("utf-8"))
    os.symlink(".", folder / name / "again")
    return Expect(errors=[(f"{name}/again", "symlink_loop")], good=[(f"{name}/story.txt", f"Bulletin {n}.")])


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[Path, str, int], Expect]
    what: str
    large: bool = False  # made only with --large: never committed


KINDS = (
    Kind("empty.txt", empty_file, "an empty file"),
    Kind("noise.txt", binary_noise, "4 KB of random bytes named .txt"),
    Kind("cut.txt.gz", truncated_text_gzip, "a gzipped article cut in half"),
    Kind("cut.jsonl.gz", truncated_jsonl_gzip, "gzipped JSON Lines cut inside the third line"),
    Kind("cut.warc.gz", truncated_warc_gzip, "a WARC (a gzip member per record) cut inside its second record"),
    Kind("cut.warc", truncated_warc, "a plain WARC cut inside its second record"),
    Kind("nul.txt", nul_bytes, "an article with NUL bytes inside a word"),
    Kind("unclosed.html", unclosed_tags, "an HTML page whose tags are never closed"),
    Kind("utf16.txt", utf16_with_bom, "an article in UTF-16 with a byte-order mark (curly quotes, accents)"),
    Kind("cp1252.txt", cp1252_undeclared, "an article in cp1252 with no charset declared (curly quotes, accents)"),
    Kind("mixed.jsonl", mixed_jsonl, "JSON Lines: good lines among a cut line, a number for text, a list, "
         "a line with no text field, a blank line, wrongly typed title and date"),
    Kind("news.txt", folder_named_like_file, "a folder named like a file, holding a good article"),
    Kind("loop.txt", symlink_loop, "a symbolic link to itself"),
    Kind("large_line.txt", large_line, f"one line of {LARGE_LINE_BYTES // 1_000_000} MB", large=True),
    Kind("deep.html", deep_divs, f"{DEEP_DIVS:,} nested <div> around the article", large=True),
    Kind("loops", folder_loop, "a folder with a good article and a link back to itself", large=True),
)


def write_corpus(folder: Path, large: bool = False) -> Expect:
    """Write every kind (the large ones too with ``large``) into ``folder``; return what to expect."""
    expect = Expect()
    for n, kind in enumerate(KINDS):
        if large or not kind.large:
            expect.extend(kind.make(folder, kind.name, n))
    return expect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to write the files (made if missing; must hold none of them)")
    parser.add_argument("--large", action="store_true",
                        help=f"also the {LARGE_LINE_BYTES // 1_000_000} MB line, the {DEEP_DIVS:,} nested divs "
                             "and the folder loop (kept out of the repository)")
    args = parser.parse_args()
    expect = write_corpus(args.folder, args.large)
    print(f"wrote {args.folder}: {len(expect.errors)} errors and {len(expect.good)} good articles to expect")


if __name__ == "__main__":
    main()
