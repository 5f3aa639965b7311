"""Gather the report's sections from a store and render them into one self-contained HTML page.

The page holds everything it needs: the chart specs with their data (``<script type=
"application/json">``), and vega, vega-lite and vega-embed inlined from the vendored files
(``tieline/web/static/vendor``, each with its licence beside it). It names no URL and loads
nothing, so it opens offline and can be mailed as one file. The same store always gives the same
bytes: nothing in it comes from the clock, the machine or the store's path.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from . import claims, corpus, lookups, pairs, speakers

#: The inlined libraries, in load order: (file, package and version, licence file).
LIBRARIES = (
    ("vega.min.js", "vega 5.33.1", "LICENSE.vega"),
    ("vega-lite.min.js", "vega-lite 5.23.0", "LICENSE.vega-lite"),
    ("vega-embed.min.js", "vega-embed 6.29.0", "LICENSE.vega-embed"),
)

#: The most documents the "Documents cited" list shows.
MAX_CITED = 2000


class Names(dict):
    """Actor id -> a readable label, looked up in the store on first use; two ids never share a label."""

    def __init__(self, store):
        super().__init__()
        self.store = store
        self.taken: set[str] = set()

    def __missing__(self, actor_id: str) -> str:
        name = lookups.actor_names(self.store, [actor_id])[actor_id]
        label = name if name not in self.taken else f"{name} ({actor_id})"
        self.taken.add(label)
        self[actor_id] = label
        return label


def gather(store) -> dict:
    """Every section of the report, as plain data for the template."""
    about = corpus.section(store)
    names = Names(store)
    copies = {copy["id"] for copy in about["copy_list"]}
    busiest = pairs.busiest(store, has_events=about["events"] > 0)
    relations = pairs.section(store, busiest, names)
    quoted = speakers.section(store, names)
    flagged = claims.section(store, copies, names)
    documents = cited(store, relations, quoted, flagged, about)
    specs = [*about["charts"].items(), *relations["charts"].items(), *quoted["charts"].items()]
    return {"corpus": about, "pairs": relations, "speakers": quoted, "claims": flagged, "documents": documents,
            "documents_titles": documents["titles"], "chart_specs": specs}


def cited(store, relations: dict, quoted: dict, flagged: dict, about: dict) -> dict:
    """The documents the report cites (events, quotes, copies), oldest first: each row's anchor."""
    ids = {e["document_id"] for pair in relations["pairs"] for e in pair["evidence"]}
    ids |= {q["document_id"] for s in quoted["top"] for q in s["examples"]}
    ids |= {e["document_id"] for group in flagged["groups"] for e in group["events"]}
    ids |= {c["id"] for c in about["copy_list"]} | {c["duplicate_of"] for c in about["copy_list"]}
    found = lookups.documents(store, ids)
    rows = sorted(found.values(), key=lambda d: (d["date"] is None, d["date"] or "", d["id"]))
    return {"rows": rows[:MAX_CITED], "more": max(0, len(rows) - MAX_CITED), "ids": {d["id"] for d in rows[:MAX_CITED]},
            "titles": {d["id"]: d["title"] for d in rows}}


def spec_json(spec: dict) -> Markup:
    """A spec as JSON safe inside ``<script type="application/json">`` (no ``</script>`` can close it)."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def libraries() -> list[dict]:
    """The vendored libraries' code and licences, read from the installed package."""
    vendor = resources.files("tieline").joinpath("web", "static", "vendor")
    found = []
    for name, package, licence in LIBRARIES:
        code = vendor.joinpath(name).read_text(encoding="utf-8")
        if "</script" in code.lower():
            raise ValueError(f"{name} holds '</script' and cannot be inlined")
        found.append({"name": name, "package": package, "licence_file": licence,
                      "licence": Markup(vendor.joinpath(licence).read_text(encoding="utf-8").strip().replace("*/", "* /")),
                      "code": Markup(code)})
    return found


def template():
    """The Jinja2 template ``templates/report.html.j2``, read from the package."""
    from jinja2 import Environment, StrictUndefined

    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["spec_json"] = spec_json
    env.filters["number"] = lambda value, form="{:+.1f}": "–" if value is None else form.format(value)
    source = resources.files(__package__).joinpath("templates", "report.html.j2").read_text(encoding="utf-8")
    return env.from_string(source)


def render(store) -> str:
    """The report on ``store`` as one HTML page."""
    from .charts import QUADS

    return template().render(**gather(store), libraries=libraries(), quads=QUADS)


def write(store, out: str | Path) -> Path:
    """Render the report on ``store`` into ``out`` (UTF-8, ``\\n`` line ends); return its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(store), encoding="utf-8", newline="\n")
    return out
