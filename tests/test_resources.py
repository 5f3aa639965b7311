"""The actor knowledge base (src/tieline/resources/actors/*.tsv): format, integrity, coverage, spot checks."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import assert_reproducible_build, shared_file
from tieline.resources import table

REPO = Path(__file__).resolve().parents[1]
ACTORS = REPO / "src" / "tieline" / "resources" / "actors"
COLUMNS = {
    "countries.tsv": ["iso3", "name", "qid", "aliases", "adjectives", "capitals"],
    "metonyms.tsv": ["phrase", "iso3", "role", "note"],
    "people.tsv": ["id", "name", "aliases", "country", "gender", "source"],
    "offices.tsv": ["person_id", "country", "office", "title", "start", "end", "source"],
    "organizations.tsv": ["id", "name", "aliases", "type", "country", "cameo", "source"],
    "groups.tsv": ["id", "name", "aliases", "cameo", "members", "note"],
    "agents.tsv": ["phrase", "plural", "cameo", "plover", "source"],
    "titles.tsv": ["phrase", "office", "country", "note"],
}
OFFICES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister",
           "supreme_leader", "party_leader", "igo_head"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
G20 = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA".split()


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[dict[str, str], ...]:
    return table(f"actors/{name}")


def multi(cell: str) -> list[str]:
    return [p for p in cell.split("|") if p]


def lo(d: str) -> str:
    return {4: d + "-01-01", 7: d + "-01"}.get(len(d), d) if d else "0000-00-00"


def hi(d: str) -> str:
    return {4: d + "-12-31", 7: d + "-31"}.get(len(d), d) if d else "9999-12-31"


def iso3() -> set[str]:
    return {r["iso3"] for r in rows("countries.tsv")}


def person(name: str) -> dict[str, str]:
    found = [p for p in rows("people.tsv") if p["name"] == name or name in multi(p["aliases"])]
    assert len(found) == 1, f"{name}: {len(found)} people rows"
    return found[0]


def tenures(name: str, office: str, country: str = "") -> list[dict[str, str]]:
    pid = person(name)["id"]
    return [o for o in rows("offices.tsv") if o["person_id"] == pid and o["office"] == office and o["country"] == country]


# ---------------------------------------------------------------- format


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_table_format(name):
    lines = (ACTORS / name).read_text(encoding="utf-8").splitlines()
    comments = [ln for ln in lines if ln.startswith("#")]
    assert lines[: len(comments)] == comments, "comments only at the top"
    assert all(ln.startswith("# ") for ln in comments)
    assert any(ln.startswith("# Licence: ") for ln in comments) and any(ln.startswith("# Sources: ") for ln in comments)
    header, body = lines[len(comments)], lines[len(comments) + 1 :]
    assert header.split("\t") == COLUMNS[name]
    assert body, "table is empty"
    for line in body:
        assert line.count("\t") == len(COLUMNS[name]) - 1, line
        assert all(cell == cell.strip() and "  " not in cell for cell in line.split("\t")), line
    assert body == sorted(body), "rows are sorted (deterministic output)"
    assert len(set(body)) == len(body)
    assert [tuple(r) for r in rows(name)][0] == tuple(COLUMNS[name])


def test_total_size_is_small():
    assert sum(p.stat().st_size for p in ACTORS.glob("*.tsv")) < 6_000_000


@pytest.mark.parametrize("name,key", [("countries.tsv", "iso3"), ("people.tsv", "id"), ("organizations.tsv", "id"),
                                      ("groups.tsv", "id"), ("metonyms.tsv", "phrase"), ("agents.tsv", "phrase")])
def test_unique_keys(name, key):
    values = [r[key] for r in rows(name)]
    assert len(values) == len(set(values))
    assert all(values)


def test_unique_titles():
    keys = [(r["phrase"], r["office"], r["country"]) for r in rows("titles.tsv")]
    assert len(keys) == len(set(keys))


# ---------------------------------------------------------------- integrity


def test_country_codes_are_valid():
    codes = iso3()
    assert len(codes) >= 249 and all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    used = [r["country"] for t in ("people.tsv", "offices.tsv", "organizations.tsv") for r in rows(t) if r["country"]]
    used += [r["iso3"] for r in rows("metonyms.tsv")]
    used += [c for r in rows("groups.tsv") for c in multi(r["members"])]
    used += [c for r in rows("titles.tsv") for c in multi(r["country"])]
    assert set(used) <= codes, set(used) - codes


def test_ids_are_qids_or_tieline_ids():
    for r in rows("people.tsv"):
        assert re.fullmatch(r"Q\d+|tl:person:[a-z0-9-]+", r["id"]), r["id"]
        assert r["gender"] in ("m", "f", "")
        assert r["name"] and "\t" not in r["aliases"]
    for r in rows("organizations.tsv"):
        assert re.fullmatch(r"Q\d+|tl:org:[a-z0-9-]+", r["id"]), r["id"]
    for r in rows("countries.tsv"):
        assert r["qid"] == "" or re.fullmatch(r"Q\d+", r["qid"])


def test_offices_are_well_formed():
    people = {p["id"] for p in rows("people.tsv")}
    for o in rows("offices.tsv"):
        assert o["person_id"] in people, o
        assert o["office"] in OFFICES, o
        assert DATE.match(o["start"]), o
        assert o["end"] == "" or DATE.match(o["end"]), o
        assert lo(o["start"]) <= hi(o["end"]), o
        assert o["title"] and o["source"]
        if not o["country"]:
            assert o["office"] in ("igo_head", "foreign_minister"), o


def test_organization_types():
    types = {"igo", "think_tank", "university", "media", "company", "ngo", "party", "armed_group"}
    assert {r["type"] for r in rows("organizations.tsv")} <= types
    assert sum(r["type"] == "igo" and "igo-supraverden" in r["source"] for r in rows("organizations.tsv")) == 617


def test_minimum_sizes():
    orgs = rows("organizations.tsv")
    count = {t: sum(r["type"] == t for r in orgs) for t in ("think_tank", "university", "media", "armed_group")}
    assert count["think_tank"] >= 60 and count["university"] >= 40 and count["media"] >= 40 and count["armed_group"] >= 10
    assert len(rows("metonyms.tsv")) >= 60


def test_no_noise_in_country_names():
    common_words = {"IN", "IT", "IS", "ME", "NO", "TO", "AT", "ON", "OR", "AN", "AS", "BE", "DO", "GO", "SO", "US."}
    for r in rows("countries.tsv"):
        names = multi(r["aliases"]) + multi(r["adjectives"]) + multi(r["capitals"])
        assert not set(names) & common_words, r["iso3"]
        assert not any(n.isupper() and " " in n for n in names), r["iso3"]  # no upper-case source phrases
        assert "Graveyard" not in r["aliases"]


# ---------------------------------------------------------------- spot checks


def country_of(form: str, field: str) -> set[str]:
    return {r["iso3"] for r in rows("countries.tsv") if form in multi(r[field])}


def test_country_spot_checks():
    assert country_of("Beijing", "capitals") == {"CHN"}
    assert country_of("Kyiv", "capitals") == {"UKR"} and country_of("Kiev", "capitals") == {"UKR"}
    assert country_of("North Korean", "adjectives") == {"PRK"}
    assert country_of("Americans", "adjectives") == {"USA"}
    assert country_of("Ukrainians", "adjectives") == {"UKR"}
    assert country_of("Emirati", "adjectives") == {"ARE"}
    assert country_of("Türkiye", "aliases") == {"TUR"}
    assert country_of("Burma", "aliases") == {"MMR"}
    by = {r["iso3"]: r for r in rows("countries.tsv")}
    assert by["TWN"]["name"] == "Taiwan" and by["XKX"]["name"] == "Kosovo" and by["PRK"]["name"] == "North Korea"
    assert by["CIV"]["name"] == "Côte d'Ivoire" and by["COD"]["name"] == "DR Congo" and by["COG"]["name"] == "Congo"
    assert {"UK", "Britain"} <= set(multi(by["GBR"]["aliases"]))
    assert by["CHN"]["qid"] == "Q148" and by["USA"]["qid"] == "Q30"


def test_metonym_spot_checks():
    met = {r["phrase"]: r for r in rows("metonyms.tsv")}
    assert (met["the Kremlin"]["iso3"], met["the Kremlin"]["role"]) == ("RUS", "GOV")
    assert (met["the White House"]["iso3"], met["the White House"]["role"]) == ("USA", "GOV")
    assert (met["the Pentagon"]["iso3"], met["the Pentagon"]["role"]) == ("USA", "MIL")
    assert met["Zhongnanhai"]["iso3"] == "CHN" and met["the Knesset"]["role"] == "LEG"
    assert (met["Hezbollah"]["iso3"], met["Hezbollah"]["role"]) == ("LBN", "REB")


def test_nato_is_a_qid_row_with_its_abbreviation():
    nato = [r for r in rows("organizations.tsv") if "NATO" in multi(r["aliases"])]
    assert len(nato) == 1 and nato[0]["id"] == "Q7184" and nato[0]["cameo"] == "IGOWSTNAT"


@pytest.mark.parametrize("name,type_,country", [
    ("European Council on Foreign Relations", "think_tank", "DEU"),
    ("Atlantic Council", "think_tank", "USA"),
    ("Center for Strategic and International Studies", "think_tank", "USA"),
    ("Center for China and Globalization", "think_tank", "CHN"),
    ("Chatham House", "think_tank", "GBR"),
    ("King's College London", "university", "GBR"),
    ("Reuters", "media", "GBR"),
    ("Xinhua", "media", "CHN"),
    ("Hamas", "armed_group", "PSE"),
    ("Rapid Support Forces", "armed_group", "SDN"),
])
def test_organization_spot_checks(name, type_, country):
    found = [r for r in rows("organizations.tsv") if r["name"] == name]
    assert len(found) == 1 and (found[0]["type"], found[0]["country"]) == (type_, country)


def test_groupings_are_igos():
    names = {r["name"]: r for r in rows("organizations.tsv")}
    for n in ("G7", "G20", "BRICS", "Quad", "AUKUS", "OPEC+"):
        assert names[n]["type"] == "igo"
    assert "SCO" in multi(names["Shanghai Cooperation Organisation"]["aliases"])


def test_group_and_title_spot_checks():
    groups = {r["name"]: r for r in rows("groups.tsv")}
    assert groups["the West"]["cameo"] == "WST"
    assert set(multi(groups["the Baltics"]["members"])) == {"EST", "LVA", "LTU"}
    titles = {(r["phrase"], r["country"]): r["office"] for r in rows("titles.tsv")}
    assert titles[("president", "")] == "head_of_state" and titles[("chancellor", "DEU|AUT")] == "head_of_government"
    assert titles[("secretary of state", "USA")] == "foreign_minister"
    assert titles[("supreme leader", "IRN|PRK|AFG")] == "supreme_leader"


def test_agent_spot_checks():
    agents = {r["phrase"]: r for r in rows("agents.tsv")}
    assert (agents["troop"]["plural"], agents["troop"]["cameo"]) == ("troops", "MIL")
    assert agents["foreign minister"]["plural"] == "foreign ministers"
    assert agents["police"]["cameo"] == "COP" and agents["police"]["plural"] == ""
    assert agents["journalist"]["plover"] == "JRN" and agents["lawmaker"]["cameo"] == "LEG"
    assert agents["chamber of commerce"]["plural"] == "chambers of commerce"
    assert all(r["phrase"] == r["phrase"].lower() and "!" not in r["phrase"] for r in agents.values())


def test_people_spot_checks():
    assert person("Xi Jinping")["id"] == "Q15031"
    assert {"Volodymyr Zelenskyy", "Zelenskiy"} <= set(multi(person("Volodymyr Zelensky")["aliases"]))
    assert "Recep Tayyip Erdogan" in multi(person("Recep Tayyip Erdoğan")["aliases"])
    assert "MBS" in multi(person("Mohammed bin Salman")["aliases"])
    assert "Lula" in multi(person("Luiz Inácio Lula da Silva")["aliases"])
    assert "Kim Jong-un" in multi(person("Kim Jong Un")["aliases"])
    assert person("Angela Merkel")["gender"] == "f" and person("Olaf Scholz")["gender"] == "m"


def test_office_spot_checks():
    assert [(o["start"], o["end"]) for o in tenures("Olaf Scholz", "head_of_government", "DEU")] == [("2021-12-08", "2025-05-06")]
    assert [(o["start"], o["end"]) for o in tenures("Friedrich Merz", "head_of_government", "DEU")] == [("2025-05-06", "")]
    assert [o["start"] for o in tenures("Xi Jinping", "head_of_state", "CHN")] == ["2013-03-14"]
    assert len(tenures("Wang Yi", "foreign_minister", "CHN")) == 2
    assert [o["start"] for o in tenures("Volodymyr Zelensky", "head_of_state", "UKR")] == ["2019-05-20"]
    assert [o["start"] for o in tenures("Ali Khamenei", "supreme_leader", "IRN")] == ["1989-06-04"]
    assert tenures("António Guterres", "igo_head")[0]["title"] == "Secretary-General of the United Nations"
    assert {o["title"] for o in tenures("Mark Rutte", "igo_head")} == {"Secretary-General of NATO"}
    assert tenures("Marco Rubio", "foreign_minister", "USA")[0]["title"] == "Secretary of State"


@pytest.mark.parametrize("name,offices", [
    ("Sergey Lavrov", 1), ("Antony Blinken", 1), ("Olaf Scholz", 1), ("Annalena Baerbock", 1), ("Keir Starmer", 1),
    ("David Lammy", 1), ("Kaja Kallas", 2), ("Ursula von der Leyen", 2), ("Jens Stoltenberg", 2), ("Dmytro Kuleba", 1),
    ("Rustem Umerov", 1), ("Lai Ching-te", 2), ("Tsai Ing-wen", 1), ("Li Qiang", 1), ("Dong Jun", 1),
    ("Andrei Belousov", 1), ("Pete Hegseth", 2), ("Lloyd Austin", 1), ("Donald Trump", 4), ("Joe Biden", 2),
    ("Emmanuel Macron", 1), ("Masoud Pezeshkian", 1), ("Abbas Araghchi", 1), ("Andrii Sybiha", 1),
])
def test_one_person_one_id(name, offices):
    pid = person(name)["id"]
    assert sum(o["person_id"] == pid for o in rows("offices.tsv")) >= offices


# ---------------------------------------------------------------- required coverage 2010-2025

REQUIRED = [(c, o) for c in G20 + ["UKR", "TWN", "PRK", "IRN"]
            for o in ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")]
IGO_REQUIRED = ["Secretary-General of the United Nations", "Secretary-General of NATO",
                "President of the European Commission", "President of the European Council",
                "Chairperson of the African Union Commission"]


def covered_years(matching) -> set[int]:
    years = set()
    for o in rows("offices.tsv"):
        if matching(o):
            first, last = int(lo(o["start"])[:4]), int(hi(o["end"])[:4]) if o["end"] else 2026
            years |= set(range(first, last + 1))
    return years


@pytest.mark.parametrize("country,office", REQUIRED)
def test_required_offices_cover_2010_to_2026(country, office):
    missing = set(range(2010, 2027)) - covered_years(lambda o: o["country"] == country and o["office"] == office)
    assert not missing, f"{country} {office}: no holder in {sorted(missing)}"


@pytest.mark.parametrize("title", IGO_REQUIRED + ["High Representative of the European Union for Foreign Affairs and Security Policy"])
def test_igo_heads_cover_2010_to_2026(title):
    missing = set(range(2010, 2027)) - covered_years(lambda o: o["country"] == "" and o["title"] == title)
    assert not missing, f"{title}: no holder in {sorted(missing)}"


def test_supreme_leaders():
    assert set(range(2010, 2027)) <= covered_years(lambda o: o["country"] == "IRN" and o["office"] == "supreme_leader")
    assert set(range(2010, 2027)) <= covered_years(lambda o: o["country"] == "PRK" and o["office"] == "supreme_leader")


# ---------------------------------------------------------------- the build


def test_build_is_reproducible(tmp_path):
    """A fresh build from ../shared equals the committed tables (run twice: identical)."""
    shared_file("data/resources/README.md")
    assert_reproducible_build("build_resources.py", sorted(COLUMNS), ACTORS, tmp_path)
