"""The event harnesses (PLOVER GSR, ZSP PLV, PETRARCH suites): scorers on hand-made events, the
harnesses end to end with a stand-in events stage, then tieline held to its floors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tieline.errors import ConfigError
from tieline.evaluation import petrarch, plover_gsr, zsp
from tieline.pipeline import DocStage, Pipeline
from tieline.stages.clean import CleanStage

FLOORS = Path(__file__).resolve().parents[1] / "eval" / "floors.json"


def actor(country, start=0, end=0, type_="state", name=None):
    return {"id": country or name, "name": name or country, "type": type_, "country": country,
            "mention": name or country, "start": start, "end": end}


def event(type_, sources=(), targets=(), trigger="", cameo="", factual=True, start=0):
    return {"type": type_, "cameo": cameo, "source": list(sources), "target": list(targets), "trigger": trigger,
            "trigger_start": start, "factual": factual}


# --- STAND-IN for events.rules.v1 (test only) ----------------------------------------------------
# "<Country> <verb> <Country>" with a fixed verb table, so the harnesses can be tested without the
# spaCy model and whatever the real events stage does. "will <verb>" is not factual.


class StandInEvents(DocStage):
    name = "events.standin.v0"
    requires = ("text",)
    assigns = ("events",)
    countries = {"Russia": "RUS", "Ukraine": "UKR", "Japan": "JPN", "Hungary": "HUN", "Arnor": "ARN", "Gondor": "GON"}
    verbs = {"attacked": ("ASSAULT", "190"), "met": ("CONSULT", "040"), "accused": ("ACCUSE", "112"),
             "aid": ("AID", "070"), "yielded to": ("CONCEDE", "080"), "protested": ("PROTEST", "140")}
    pattern = re.compile(r"(?P<src>[A-Z]\w+) (?P<will>will )?(?P<verb>attacked|met|accused|aid|yielded to|protested)"
                         r"(?: (?P<tgt>[A-Z]\w+))?")

    def process(self, doc) -> None:
        doc.events = []
        for m in self.pattern.finditer(doc.text):
            if m["src"] not in self.countries:
                continue
            type_, cameo = self.verbs[m["verb"]]
            target = [actor(self.countries[m["tgt"]], m.start("tgt"), m.end("tgt"))] if m["tgt"] in self.countries else []
            doc.events.append({**event(type_, [actor(self.countries[m["src"]], m.start("src"), m.end("src"))], target,
                                       m["verb"], cameo, factual=not m["will"], start=m.start("verb"))})


def stand_in_pipeline() -> Pipeline:
    return Pipeline([CleanStage(), StandInEvents()])


# --- PLOVER GSR: scorers ----------------------------------------------------------------------------


GOLD = {"id": "G-1", "text": "Japan accused Hungary and the UN.", "event_plover_current": "ACCUSE",
        "actor": [{"code": "JAP"}], "recipient": [{"code": "HUN"}, {"code": "IGO"}],
        "event_text": "accused", "markup": "(SRC: Japan) (EVT: accused) (TAR: Hungary) and the (TAR: UN)."}


def test_codes_go_to_iso3_and_non_state_codes_to_one_key():
    assert [plover_gsr.actor_key(c) for c in ("JAP", "ITL", "VTN", "ROM", "hun", "IGO", "NGO", "", None)] == [
        "JPN", "ITA", "VNM", "ROU", "HUN", plover_gsr.NON_STATE, plover_gsr.NON_STATE, None, None]
    assert plover_gsr.predicted_key(actor("USA", type_="person")) == "USA"
    assert plover_gsr.predicted_key(actor(None, type_="organization")) == plover_gsr.NON_STATE
    assert plover_gsr.predicted_key(actor(None, type_="person")) is None


def test_best_event_is_the_one_whose_trigger_is_a_gold_event_word():
    gold_words = plover_gsr.gold_event_words(GOLD)
    assert gold_words == {"accused"}
    first, second = event("CONSULT", trigger="met"), event("ACCUSE", trigger="accused")
    assert plover_gsr.best_event([first, second], gold_words) is second
    assert plover_gsr.best_event([first], gold_words) is first  # no overlap: the first event
    assert plover_gsr.best_event([], gold_words) is None
    # without markup spans, event_text gives the words
    assert plover_gsr.gold_event_words({"markup": None, "event_text": "will evacuate settlements"}) == {
        "evacuate", "settlements"}


def test_sentence_score_counts_types_countries_and_dyads():
    events = [event("CONSULT", [actor("RUS")], [actor("HUN")], "met"),
              event("ACCUSE", [actor("JPN")], [actor("HUN"), actor(None, type_="organization")], "accused")]
    row = plover_gsr.score_sentence(GOLD, events)
    assert (row["type"], row["type_right"]) == ("ACCUSE", True)
    assert [a["right"] for a in row["sources"]] == [True]
    assert [(a["key"], a["right"]) for a in row["targets"]] == [("HUN", True), (plover_gsr.NON_STATE, True)]
    # predicted dyads: RUS-CONSULT-HUN (wrong), JPN-ACCUSE-HUN, JPN-ACCUSE-NON-STATE (right)
    assert (len(row["dyads"]), row["dyads_right"], row["gold_dyads"], row["gold_dyads_found"]) == (3, 2, 2, 2)
    wrong = plover_gsr.score_sentence(GOLD, [event("ACCUSE", [actor("HUN")], [actor("JPN")], "accused")])
    assert wrong["type_right"] and not wrong["sources"][0]["right"] and wrong["dyads_right"] == 0
    none = plover_gsr.score_sentence(GOLD, [])
    assert (none["type"], none["type_right"], none["events"]) == (None, False, 0)


def test_dyad_rule_for_gold_without_recipient():
    assert plover_gsr.dyad_match(("USA", "AGREE", "JOR"), ("USA", "AGREE", None))
    assert not plover_gsr.dyad_match(("USA", "AGREE", None), ("USA", "AGREE", "JOR"))
    assert not plover_gsr.dyad_match((None, "AGREE", None), (None, "AGREE", None))
    assert not plover_gsr.dyad_match(("USA", "AID", "JOR"), ("USA", "AGREE", "JOR"))
    assert plover_gsr.gold_dyads({"event_plover_current": "AGREE", "actor": [{"code": "USA"}, {"code": "JOR"}],
                                  "recipient": []}) == [("USA", "AGREE", None), ("JOR", "AGREE", None)]


def test_aggregate_and_per_type():
    rows = [plover_gsr.score_sentence(GOLD, [event("ACCUSE", [actor("JPN")], [actor("HUN")], "accused")]),
            plover_gsr.score_sentence(GOLD, [])]
    scores = plover_gsr.aggregate(rows)
    assert (scores["type_accuracy"], scores["coverage"]) == (0.5, 0.5)
    assert scores["source_country_accuracy"] == 0.5  # 1 of 2 gold actors
    assert scores["target_country_accuracy"] == 0.5  # HUN once of 2; the IGO is scored apart
    assert scores["actor_country_accuracy"] == 0.5  # 2 of 4 country-coded actors
    assert scores["nonstate_accuracy"] == 0.0
    assert scores["dyads"]["p"] == 1.0 and scores["dyads"]["r"] == 0.25
    assert plover_gsr.per_type([GOLD, GOLD], rows) == {
        "ACCUSE": {"gold": 2, "right": 1, "accuracy": 0.5, "misses_as": {"none": 1}}}


def test_plover_harness_with_the_stand_in(tmp_path):
    records = [
        {**GOLD, "id": "G-1", "text": "Japan accused Hungary of lying.", "recipient": [{"code": "HUN"}]},
        {**GOLD, "id": "G-2", "text": "Russia will aid Ukraine.", "event_plover_current": "AID",
         "actor": [{"code": "RUS"}], "recipient": [{"code": "UKR"}], "markup": "(EVT: will aid)"},
        {**GOLD, "id": "G-3", "text": "Nothing happened here.", "event_plover_current": "PROTEST"},
    ]
    data = tmp_path / "gsr.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = plover_gsr.evaluate(data, stand_in_pipeline())
    all_, factual = result["scores"]["all"], result["scores"]["factual"]
    assert (all_["type_accuracy"], factual["type_accuracy"]) == (0.6667, 0.3333)
    assert (all_["coverage"], factual["coverage"]) == (0.6667, 0.3333)
    # dyads: both predicted right; 2 of 4 gold found (G-3 has two recipients, nothing predicted)
    assert (all_["dyads"]["p"], all_["dyads"]["r"]) == (1.0, 0.5) and all_["actor_country_accuracy"] == 0.6667
    metrics = plover_gsr.metrics(result)
    assert metrics["all_type_accuracy"] == 0.6667 and len(metrics) == 8
    table = plover_gsr.markdown(result)
    assert "| type accuracy | 66.7% (2/3) | 33.3% (1/3) | 80% |" in table and "| AID | 1 |" in table
    assert plover_gsr.evaluate(data, stand_in_pipeline(), limit=1)["sentences"] == 1


def test_a_pipeline_without_events_is_refused(tmp_path):
    data = tmp_path / "gsr.jsonl"
    data.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="events"):
        plover_gsr.evaluate(data, Pipeline([CleanStage()]))


# --- ZSP ----------------------------------------------------------------------------------------


def test_marked_spans_handle_nested_and_repeated_marks():
    text, spans = zsp.marked_spans("<s><t>Serbia</t>n President</s> promised to democratize <t>Serbia</t>.")
    assert text == "Serbian President promised to democratize Serbia."
    assert spans == {"s": [(0, 17)], "t": [(0, 6), (42, 48)]}
    assert zsp.marked_spans("No marks.") == ("No marks.", {"s": [], "t": []})


def test_roots_and_quads_follow_zsp():
    assert [zsp.zsp_root(t) for t in ("CONCEDE", "RETREAT", "AGREE", None)] == ["YIELD", "YIELD", "AGREE", "NONE"]
    assert [zsp.zsp_quad(r) for r in ("SUPPORT", "YIELD", "THREATEN", "PROTEST", "SANCTION", "NONE")] == [1, 2, 3, 4, 4, "NONE"]


def test_prediction_rules_pair_then_source_then_none():
    row = {"source_spans": [(0, 5)], "target_spans": [(20, 27)]}
    pair = event("ASSAULT")
    source_only = event("ACCUSE")
    # spans per event: (source spans, target spans) in the sentence's offsets
    assert zsp.predict(row, [source_only, pair], [([(0, 5)], [(30, 35)]), ([(1, 3)], [(22, 24)])]) == ("ASSAULT", "pair")
    assert zsp.predict(row, [source_only], [([(0, 5)], [])]) == ("ACCUSE", "source")
    assert zsp.predict(row, [pair], [([(6, 9)], [(20, 27)])]) == ("NONE", "none")
    assert zsp.predict(row, [], []) == ("NONE", "none")


def test_macro_f1_over_gold_classes():
    f1, classes = zsp.macro_f1(["A", "A", "B", "C"], ["A", "B", "B", "NONE"], ["A", "B", "C"])
    # A: P 1 R .5 F1 .667; B: P .5 R 1 F1 .667; C: 0
    assert round(f1, 4) == 0.4444 and classes["C"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "gold": 1, "predicted": 0}
    rows = [{"root": "AGREE", "quad": 1, "predicted": "AGREE", "rule": "pair"},
            {"root": "YIELD", "quad": 2, "predicted": "SUPPORT", "rule": "source"},
            {"root": "PROTEST", "quad": 4, "predicted": "NONE", "rule": "none"}]
    scores = zsp.score(rows)
    assert (scores["root_accuracy"], scores["quad_accuracy"], scores["coverage"]) == (0.3333, 0.3333, 0.6667)
    assert scores["binary_accuracy"] == 0.6667  # YIELD -> SUPPORT is still cooperation
    assert scores["rules"] == {"none": 1, "pair": 1, "source": 1}


def test_zsp_harness_with_the_stand_in(tmp_path):
    header = "uid\tsentence_id\tgold_penta\tgold_root\tsentence\tmarked_sentence\tsource\ttarget\n"
    lines = [
        "0\t0\t4\tASSAULT\tRussia attacked Ukraine.\t<s>Russia</s> attacked <t>Ukraine</t>.\tRussia\tUkraine",
        "1\t0\t4\tASSAULT\tRussia attacked Ukraine.\t<t>Russia</t> attacked <s>Ukraine</s>.\tUkraine\tRussia",
        "2\t1\t2\tYIELD\tHungary yielded to Japan.\t<s>Hungary</s> yielded to <t>Japan</t>.\tHungary\tJapan",
        "3\t2\t1\tCONSULT\tJapan met with Hungary.\t<s>Japan</s> met with <t>Hungary</t>.\tJapan\tHungary",
    ]
    data = tmp_path / "PLV_test.tsv"
    data.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    result = zsp.evaluate(data, stand_in_pipeline())
    assert result["sentences"] == 3  # rows 0 and 1 share one sentence
    assert [r["predicted"] for r in result["per_row"]] == ["ASSAULT", "NONE", "YIELD", "CONSULT"]
    assert [r["rule"] for r in result["per_row"]] == ["pair", "none", "pair", "source"]
    scores = result["scores"]
    assert (scores["root_accuracy"], scores["coverage"]) == (0.75, 0.75)
    assert scores["per_root"]["ASSAULT"]["r"] == 0.5
    assert "| root macro-F1 (15 classes) |" in zsp.markdown(result) and len(zsp.metrics(result)) == 5


# --- PETRARCH -----------------------------------------------------------------------------------


def test_expected_codes_give_their_country_part():
    states = frozenset({"ARN", "GON"})
    assert [petrarch.expected_key(c, states) for c in ("USAGOV", "ARNMIL", "GON", "JAP", "IGOUNO", "---", "", "&qu", "XYZ")] == [
        "USA", "ARN", "GON", "JPN", plover_gsr.NON_STATE, None, None, None, None]


def test_cases_pass_on_root_or_plover_type_with_both_countries(monkeypatch):
    monkeypatch.setattr(petrarch, "crosswalk", lambda: {"11": "ACCUSE", "112": "ACCUSE", "0231": "REQUEST"})
    record = {"expected": [{"source": "ARNGOV", "target": "GON", "event": "112"}], "expect_no_events": False}
    states = frozenset({"ARN", "GON"})
    right = event("ACCUSE", [actor("ARN")], [actor("GON")], cameo="111")
    assert petrarch.judge(record, [right], states)["passed"]  # root 11
    assert petrarch.judge(record, [{**right, "cameo": "130"}], states)["passed"]  # PLOVER type ACCUSE
    assert not petrarch.judge(record, [{**right, "cameo": "130", "type": "THREATEN"}], states)["passed"]
    assert not petrarch.judge(record, [event("ACCUSE", [actor("GON")], [actor("ARN")], cameo="112")], states)["passed"]
    assert not petrarch.judge(record, [], states)["passed"]
    two = {"expected": record["expected"] + [{"source": "---", "target": "GON", "event": "0231"}]}
    result = petrarch.judge(two, [right], states)
    assert (result["passed"], result["triples_found"], result["triples_expected"]) == (False, 1, 2)
    asks = event("REQUEST", [actor("UKR")], [actor("GON")], cameo="020")  # source unchecked ("---")
    assert petrarch.judge(two, [right, asks], states)["passed"]
    assert petrarch.plover_type("0231") == "REQUEST" and petrarch.plover_type("1121") == "ACCUSE"
    assert petrarch.plover_type("0234") is None  # no row for it, 023 or 02


def test_no_event_cases_pass_without_a_factual_event():
    record = {"expected": [], "expect_no_events": True}
    assert petrarch.judge(record, [event("ASSAULT", factual=False)])["passed"]
    assert not petrarch.judge(record, [event("ASSAULT")])["passed"]
    discard = {"expected": [], "expect_error": True, "error": "storydiscard"}
    assert petrarch.scored(discard) and petrarch.expects_no_event(discard)
    assert not petrarch.scored({"expected": [], "expect_error": True, "error": "bad_input_parse"})
    assert not petrarch.scored({"expected": [], "evaluate": False})


def test_categories_and_tags_come_from_the_record_and_its_comments():
    record = {"category": "COMPOUNDx", "comment": "Compound actor list; the agent is carried; passive voice",
              "expect_no_events": True}
    assert petrarch.category(record) == "COMPOUND" and petrarch.category({"category": "AGENTS"}) == "AGENT"
    assert petrarch.tags(record) == ["compound", "passive", "agent", "no event expected"]


def test_the_suite_dictionary_becomes_actor_tables(tmp_path):
    dictionary = tmp_path / "actors.txt"
    dictionary.write_text(
        "<!-- a comment\n with [XXX] inside -->\nARNOR_  [ARN]\n+ARNORIAN\nGONDOR [GON]\n+MINAS_TIRITH\n"
        "ITHILEN MILITARY  [GONMIL]\nGOLLUM  # pas\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n"
        "BOROMIR  [---]\nRED_CROSS  [NGO]\nTHE_SHIRE  [FRO/BIL]\n#NASGUL  [###]\nFRANCE [FRA]\n",
        encoding="utf-8")
    table = petrarch.read_dictionary(dictionary)
    assert table == {"ARN": ["ARNOR", "ARNORIAN"], "GON": ["GONDOR", "MINAS TIRITH"], "GONMIL": ["ITHILEN MILITARY"],
                     "HOB": ["GOLLUM", "SMEAGOL"], "NGO": ["RED CROSS"], "FRO": ["THE SHIRE"], "FRA": ["FRANCE"]}
    assert petrarch.dictionary_states(table) == {"ARN", "GON", "HOB", "FRO", "FRA"}
    written = petrarch.dictionary_tables(table, tmp_path / "tables", known=lambda phrase: phrase == "France")
    assert written == {"countries": 4, "metonyms": 1}
    countries = (tmp_path / "tables" / "countries.tsv").read_text(encoding="utf-8").splitlines()
    assert countries[1:3] == ["ARN\tArnor\t\tArnorian\t\t", "FRO\tThe Shire\t\t\t\t"]
    assert (tmp_path / "tables" / "metonyms.tsv").read_text(encoding="utf-8").splitlines()[1].startswith(
        "Ithilen Military\tGON\tMIL\t")


def _petrarch_folder(tmp_path: Path) -> Path:
    records = [
        {"id": "DEMO-01", "category": "DEMO", "evaluate": True, "text": "Arnor accused Gondor of lying.",
         "expected": [{"source": "ARNGOV", "target": "GON", "event": "112"}], "expect_no_events": False,
         "expect_error": False},
        {"id": "DEMO-02", "category": "DEMO", "evaluate": True, "text": "Gondor met with Arnor.",
         "expected": [{"source": "ARN", "target": "GON", "event": "040"}], "expect_no_events": False,
         "expect_error": False},
        {"id": "NULL-01", "category": "NULL", "evaluate": True, "text": "Gondor will attack Arnor.",
         "expected": [], "expect_no_events": True, "expect_error": False},
        {"id": "ERROR-01", "category": "ERROR", "evaluate": True, "text": "x", "expected": [],
         "expect_no_events": False, "expect_error": True},
        {"id": "DEMO-03", "category": "DEMO", "evaluate": False, "text": "x", "expected": [],
         "expect_no_events": False, "expect_error": False},
    ]
    (tmp_path / "PETR.UnitTest.records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (tmp_path / "PETR.Validate.actors.txt").write_text("ARNOR [ARN]\nGONDOR [GON]\n", encoding="utf-8")
    (tmp_path / "PETR.UnitTest.records.xml").write_text(
        '<Sentence date="1" id="DEMO-01" category="DEMO">\n<!-- Compound actor -->\n<Text>x</Text></Sentence>\n'
        '<Sentence id="ERROR-01" category="ERROR"><EventCoding error="bad_input_parse"></EventCoding></Sentence>\n',
        encoding="utf-8")
    return tmp_path


def test_petrarch_harness_with_the_stand_in(tmp_path):
    result = petrarch.evaluate(_petrarch_folder(tmp_path), stand_in_pipeline(), suites=["unit"])
    unit = result["suites"]["unit"]
    assert (unit["passed"], unit["cases"], unit["left_out"]) == (2, 3, {"evaluate_false": 1, "expect_error": 1})
    assert [r["passed"] for r in unit["per_record"]] == [True, False, True]
    assert unit["per_category"] == {"DEMO": {"passed": 1, "cases": 2, "rate": 0.5},
                                    "NULL": {"passed": 1, "cases": 1, "rate": 1.0}}
    assert unit["per_tag"]["compound"] == {"passed": 1, "cases": 1, "rate": 1.0}
    assert petrarch.metrics(result) == {"unit_pass_rate": 0.6667, "unit_triples": 0.5}
    assert "| unit | 2/3 (66.7%) | 1/2 (50.0%) | 1, 1 |" in petrarch.markdown(result)


# --- tieline's own pipeline on fixed subsets, held to eval/floors.json ---------------------------


def _pinned(key: str) -> dict[str, float]:
    return json.loads(FLOORS.read_text(encoding="utf-8")).get(key, {})


def _hold(measured: dict[str, float], key: str) -> None:
    for metric, floor in sorted(_pinned(key).items()):
        assert measured[metric] >= floor, f"{key} {metric} {measured[metric]} fell below its floor {floor}"


@pytest.fixture(scope="module")
def pipeline():
    from tieline.registry import default_pipeline

    return default_pipeline()


@pytest.mark.model
def test_plover_subset_holds_its_floors(pipeline):
    from conftest import shared_file

    result = plover_gsr.evaluate(shared_file(plover_gsr.GSR_RELATIVE), pipeline, limit=120)
    assert result["sentences"] == 120
    _hold(plover_gsr.metrics(result), plover_gsr.FLOORS_KEY)


@pytest.mark.model
def test_zsp_subset_holds_its_floors(pipeline):
    from conftest import shared_file

    result = zsp.evaluate(shared_file(zsp.PLV_RELATIVE), pipeline, limit=300)
    assert result["scores"]["rows"] == 300
    _hold(zsp.metrics(result), zsp.FLOORS_KEY)


@pytest.mark.model
def test_petrarch_suites_hold_their_floors():
    from conftest import shared_file

    data = shared_file(f"{petrarch.PETRARCH_RELATIVE}/SOURCE.md").parent
    result = petrarch.evaluate(data)
    assert set(result["suites"]) == set(petrarch.SUITES) and result["crosswalk_rows"] > 0
    _hold(petrarch.metrics(result), petrarch.FLOORS_KEY)
