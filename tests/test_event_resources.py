"""The event-coding tables (src/tieline/resources/events/{cameo,plover,petrarch_verbs}.tsv): format, integrity, spot checks."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import assert_reproducible_build, shared_file
from tieline.resources import table

REPO = Path(__file__).resolve().parents[1]
EVENTS = REPO / "src" / "tieline" / "resources" / "events"
COLUMNS = {
    "cameo.tsv": ["cameo", "name", "goldstein", "quad_class", "plover_type", "plover_mode", "plover_context"],
    "plover.tsv": ["type", "mode", "quad_class", "intensity", "definition"],
    "petrarch_verbs.tsv": ["lemma", "block", "object", "preposition", "prep_object", "code_active", "code_passive",
                           "pattern"],
}
PLOVER = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
CODE = re.compile(r"^\d{2,4}$")


def rows(name: str) -> tuple[dict[str, str], ...]:
    return table(f"events/{name}")


def cameo() -> dict[str, dict[str, str]]:
    return {r["cameo"]: r for r in rows("cameo.tsv")}


def verbs(lemma: str) -> list[dict[str, str]]:
    return [r for r in rows("petrarch_verbs.tsv") if r["lemma"] == lemma]


# ---------------------------------------------------------------- format


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_table_format(name):
    lines = (EVENTS / name).read_text(encoding="utf-8").splitlines()
    comments = [ln for ln in lines if ln.startswith("#")]
    assert lines[: len(comments)] == comments, "comments only at the top"
    assert all(ln.startswith("# ") for ln in comments)
    assert any(ln.startswith("# Licence: ") for ln in comments) and any(ln.startswith("# Sources: ") for ln in comments)
    assert any("scripts/build_event_resources.py" in ln and "do not edit" in ln for ln in comments)
    header, body = lines[len(comments)], lines[len(comments) + 1:]
    assert header.split("\t") == COLUMNS[name]
    assert body and len(set(body)) == len(body)
    for line in body:
        assert line.count("\t") == len(COLUMNS[name]) - 1, line
        assert all(cell == cell.strip() for cell in line.split("\t")), line
    assert list(rows(name)[0]) == COLUMNS[name] and len(rows(name)) == len(body)


def test_petrarch_verbs_keep_the_mit_notice():
    head = (EVENTS / "petrarch_verbs.tsv").read_text(encoding="utf-8").split("\nlemma\t")[0]
    assert "Copyright (c) 2015 Open Event Data Alliance" in head and "MIT" in head


# ---------------------------------------------------------------- cameo.tsv


def test_every_cameo_code_of_the_lookup_is_there():
    lookup = shared_file("data/anchors/events/cameo-lookups/CAMEO.eventcodes.txt").read_text(encoding="utf-8")
    codes = {line.split("\t")[0] for line in lookup.splitlines()[1:] if line.strip()}
    assert set(cameo()) == codes


def test_cameo_rows_are_complete():
    table_ = cameo()
    assert len(table_) == 311
    for code, r in table_.items():
        assert CODE.match(code) and r["name"], r
        assert -10 <= float(r["goldstein"]) <= 10, r
        root = int(code[:2])
        assert r["quad_class"] == str(1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4), r
        assert r["plover_type"] in PLOVER or (r["plover_type"] == "" and code[:2] in ("01", "02")), r
        if not r["plover_type"]:
            assert not r["plover_mode"] and not r["plover_context"]
        assert all(re.fullmatch(r"[a-z_]+", c) for c in r["plover_context"].split("|") if c), r


def test_only_public_statements_and_appeals_map_to_no_plover_event():
    assert {c[:2] for c, r in cameo().items() if not r["plover_type"]} == {"01", "02"}


@pytest.mark.parametrize("code,plover,mode,quad", [
    ("112", "ACCUSE", "disapprove", "3"),
    ("1121", "ACCUSE", "allege", "3"),
    ("163", "SANCTION", "", "4"),
    ("043", "CONSULT", "visit", "1"),
    ("042", "CONSULT", "visit", "1"),
    ("041", "CONSULT", "phone", "1"),
    ("19", "ASSAULT", "", "4"),
    ("190", "ASSAULT", "", "4"),
    ("195", "ASSAULT", "heavy-weapons", "4"),
    ("1712", "ASSAULT", "destroy", "4"),
    ("1724", "COERCE", "curfew", "4"),
    ("1321", "THREATEN", "rights", "3"),
    ("175", "ASSAULT", "", "4"),
    ("085", "RETREAT", "", "2"),
    ("080", "CONCEDE", "", "2"),
    ("08", "CONCEDE", "", "2"),
    ("090", "ACCUSE", "investigate", "2"),
    ("141", "PROTEST", "demo", "3"),
    ("010", "", "", "1"),
])
def test_cameo_spot_checks(code, plover, mode, quad):
    r = cameo()[code]
    assert (r["plover_type"], r["plover_mode"], r["quad_class"]) == (plover, mode, quad)


def test_cameo_details():
    table_ = cameo()
    assert table_["044"]["name"] == "Meet at a 'third' location"
    assert table_["190"]["goldstein"] == "-10.0" and table_["057"]["goldstein"] == "8.0"
    assert table_["175"]["plover_context"] == "pro_autocracy|military"
    assert table_["091"]["plover_context"] == "crime|corruption"
    assert table_["0311"]["plover_context"] == "economic"


# ---------------------------------------------------------------- plover.tsv


def test_plover_types_and_modes():
    types = [r for r in rows("plover.tsv") if not r["mode"]]
    assert tuple(r["type"] for r in types) == PLOVER
    quads = {r["type"]: r["quad_class"] for r in types}
    assert [t for t in PLOVER if quads[t] == "1"] == ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"]
    assert [t for t in PLOVER if quads[t] == "2"] == ["COOPERATE", "AID", "RETREAT"]
    assert [t for t in PLOVER if quads[t] == "3"] == ["REQUEST", "ACCUSE", "REJECT", "THREATEN"]
    assert quads["PROTEST"] == quads["ASSAULT"] == "4"
    for r in rows("plover.tsv"):
        assert r["type"] in PLOVER and r["definition"] and -10 <= float(r["intensity"]) <= 10, r
        assert r["quad_class"] == quads[r["type"]] and re.fullmatch(r"-?\d+\.\d", r["intensity"]), r
    keys = [(r["type"], r["mode"]) for r in rows("plover.tsv")]
    assert len(keys) == len(set(keys))
    assert {("CONSULT", "visit"), ("ACCUSE", "allege"), ("ASSAULT", "aerial"), ("PROTEST", "riot")} <= set(keys)


def test_every_cameo_mapping_has_its_plover_row():
    keys = {(r["type"], r["mode"]) for r in rows("plover.tsv")}
    for r in rows("cameo.tsv"):
        if r["plover_type"]:
            assert (r["plover_type"], r["plover_mode"]) in keys, r


def test_intensity_is_the_mean_goldstein_of_the_mapped_codes():
    scores = defaultdict(list)
    for r in rows("cameo.tsv"):
        if r["plover_type"]:
            scores[r["plover_type"]].append(float(r["goldstein"]))
    for r in rows("plover.tsv"):
        if not r["mode"]:
            assert abs(float(r["intensity"]) - sum(scores[r["type"]]) / len(scores[r["type"]])) <= 0.05, r
    intensity = {(r["type"], r["mode"]): float(r["intensity"]) for r in rows("plover.tsv")}
    assert intensity[("ASSAULT", "")] < intensity[("COERCE", "")] < 0 < intensity[("CONSULT", "")] < intensity[("AID", "")]
    assert intensity[("CONSULT", "phone")] == 1.0


# ---------------------------------------------------------------- petrarch_verbs.tsv


def test_verb_rows_are_well_formed():
    codes, foreign = set(cameo()), set()
    for r in rows("petrarch_verbs.tsv"):
        assert r["lemma"] == r["lemma"].lower() and r["lemma"] and "+" not in r["lemma"], r
        for key in ("object", "preposition", "prep_object"):
            assert not re.search(r"[&{}()$+%^*]|[A-Z]", r[key]), r
        for key in ("code_active", "code_passive"):
            assert r[key] in codes or r[key] in ("", "---") or CODE.match(r[key]) and r[key][:-1] in codes, r
            foreign |= {r[key]} - codes - {"", "---"}
        assert r["code_active"] not in ("", "---") or r["code_passive"] not in ("", "---") or r["pattern"], r
        if not r["pattern"]:
            assert not (r["object"] or r["preposition"] or r["prep_object"]), r
        else:
            assert "*" in r["pattern"] and not r["pattern"].split("*")[0].strip(), r
    assert foreign == {"1213", "176", "1952"}  # PETRARCH codes GDELT's list lacks; named in the table header


def test_accuse_and_other_verbs():
    accuse = verbs("accuse")
    assert any(r["code_active"].startswith("112") and not r["pattern"] for r in accuse)
    assert any(r["preposition"] == "of" and r["prep_object"] == "genocide" and r["code_active"] == "1124" for r in accuse)
    assert any(r["code_active"] == "042" and r["code_passive"] == "043" and not r["pattern"] for r in verbs("visit"))
    assert any(r["code_active"] == "043" and not r["pattern"] for r in verbs("host"))
    assert any(r["code_active"] == "111" and not r["pattern"] for r in verbs("condemn"))
    assert verbs("ask_for") and not verbs("+ask_for")


def test_synsets_are_expanded():
    rows_ = [r for r in verbs("abandon") if r["pattern"] == "* &CEASEFIRE"]
    assert rows_ and "truce" in rows_[0]["object"].split("|") and "ceasefire" in rows_[0]["object"].split("|")
    assert not any("&WEAPON" in r["pattern"] for r in rows("petrarch_verbs.tsv"))  # 115 members: skipped


# ---------------------------------------------------------------- the build


def test_build_is_reproducible(tmp_path):
    """A fresh build from ../shared equals the committed tables (run twice: identical)."""
    shared_file("data/anchors/events/plover-gsr/CAMEO2PLOVER-2021.txt")
    shared_file("data/resources/petrarch2-phoenix-dictionaries/verb_blocks.jsonl")
    assert_reproducible_build("build_event_resources.py", sorted(COLUMNS), EVENTS, tmp_path)
