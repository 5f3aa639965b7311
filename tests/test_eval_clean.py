"""Article extraction (``tieline eval clean``): both metrics, the split file, and a CI subset held to
eval/floors.json. No page text is kept in the repository: the subset is read from ../shared."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from conftest import assert_holds_floors, shared_file
from tieline.evaluation import extraction
from tieline.evaluation import extraction_metrics as m

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ROOT / "eval" / "splits" / "extraction.tsv"


# --- ScrapingHub metric ---------------------------------------------------------------------


def test_tokens_keep_case_and_drop_punctuation():
    assert m.tokens("Hello, World! It's 2024.") == ["Hello", "World", "It", "s", "2024"]
    assert m.tokens("") == [] and m.tokens(None) == []


def test_four_token_shingles_overlap_and_count_repeats():
    words = m.tokens("a b c d a b c d")
    assert m.shingles(words) == Counter({("a", "b", "c", "d"): 2, ("b", "c", "d", "a"): 1,
                                         ("c", "d", "a", "b"): 1, ("d", "a", "b", "c"): 1})


def test_texts_shorter_than_four_tokens_give_one_short_shingle():
    assert m.shingles(["a", "b"]) == Counter({("a", "b"): 1})
    assert m.shingles([]) == Counter()


def test_shingles_are_compared_as_multisets():
    gold = "one two three four one two three four"      # (one two three four) twice
    predicted = "one two three four"                     # once
    assert m.page_counts(gold, predicted)["shingle"] == (1, 0, 4)
    assert m.page_counts(predicted, gold)["shingle"] == (1, 4, 0)


def test_empty_prediction_counts_for_recall_only():
    counts = m.page_counts("a b c d e", "")["shingle"]
    assert counts == (0, 0, 2)
    assert m.page_precision(counts) is None and m.page_recall(counts) == 0.0
    full = m.page_counts("a b c d e", "a b c d e")["shingle"]
    assert m.averaged([counts, full]) == {"p": 1.0, "r": 0.5, "f1": 0.6667}


def test_gold_and_prediction_both_empty_count_as_one():
    counts = m.page_counts("", "...")["shingle"]
    assert counts == (0, 0, 0)
    assert m.page_precision(counts) == 1.0 and m.page_recall(counts) == 1.0


def test_f1_is_the_harmonic_mean_of_averaged_precision_and_recall():
    pages = [(1, 0, 1), (1, 1, 0)]       # P 1 and 0.5, R 0.5 and 1
    assert m.averaged(pages) == {"p": 0.75, "r": 0.75, "f1": 0.75}   # the mean of page F1s would be 0.6667


def test_accuracy_compares_token_sequences_and_the_bag_ignores_case_and_order():
    rows = [m.page_counts("Hello, world.", "Hello world"), m.page_counts("Hello world", "world Hello")]
    assert [r["exact"] for r in rows] == [True, False]
    assert m.page_counts("The cat. the", "the THE cat.")["bag"] == (3, 0, 0)
    assert m.body_scores(rows)["accuracy"] == 0.5


# --- trafilatura-eval metric ----------------------------------------------------------------


def test_snippets_are_found_after_whitespace_normalisation():
    text = "First  line\nof the text.\n\nMenu Home"
    assert m.snippet_counts(["First line of the text.", "Last words"], ["Menu Home", "Imprint"], text) == (1, 1, 1, 1)


def test_no_output_finds_no_snippet():
    assert m.snippet_counts(["a"], ["b", "c"], "") == (0, 0, 1, 2)
    assert m.snippet_counts(["a"], ["b"], None) == (0, 0, 1, 1)


def test_snippet_scores_are_micro_summed():
    scores = m.snippet_scores([(2, 0, 0, 2), (0, 1, 2, 1)])
    assert (scores["p"], scores["r"], scores["f1"], scores["accuracy"]) == (0.6667, 0.5, 0.5714, 0.625)


# --- tieline's path -------------------------------------------------------------------------


PAGE = ("<html><head><title>Port reopens</title></head><body><nav>Home | World</nav><article><h1>Port reopens</h1>"
        + "".join(f"<p>The harbour authority said on Monday that ships were moving again, paragraph {i}.</p>"
                  for i in range(6)) + "</article><footer>Imprint</footer></body></html>")


def _clean():
    from tieline.registry import get

    return get("clean")


def test_tieline_text_is_what_analyze_gives_the_page(tmp_path):
    from tieline.api import analyze
    from tieline.registry import default_pipeline

    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [analysed] = analyze([path], pipeline=default_pipeline(stages=("clean",)))
    text, error = extraction.tieline_text(PAGE, _clean())
    assert error is None and text == analysed.text and "paragraph 5" in text


def test_a_page_without_article_is_an_empty_prediction():
    text, error = extraction.tieline_text("<html><body></body></html>", _clean())
    assert text == "" and error


# --- the split ------------------------------------------------------------------------------


def test_half_is_a_stable_hash_of_the_page_id():
    assert extraction.half_of("042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856") == "tune"
    assert {extraction.half_of(str(i)) for i in range(20)} == {"tune", "heldout"}


def test_the_split_file_follows_the_hash_rule_and_covers_every_page():
    shared_file("data/anchors/extraction/trafilatura-eval/evaldata.json")
    data = shared_file("data/anchors/extraction/scrapinghub-article-extraction-benchmark/ground-truth.json").parents[1]
    lines = SPLITS.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "set\tid\thalf"
    assert [tuple(line.split("\t")) for line in lines[1:]] == extraction.split_rows(data)
    assert len(lines) - 1 == 181 + 990


# --- the CI subset --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def subset():
    shared_file("data/anchors/extraction/trafilatura-eval/evaldata.json")
    data = shared_file("data/anchors/extraction/scrapinghub-article-extraction-benchmark/ground-truth.json").parents[1]
    return extraction.evaluate(data, half="heldout", limit=extraction.CI_SUBSET, splits=SPLITS)


def test_the_subset_is_fixed(subset):
    assert {name: halves["heldout"]["tieline"]["pages"] for name, halves in subset["sets"].items()} == \
        extraction.CI_SUBSET


def test_tieline_holds_its_floors(subset):
    assert_holds_floors(extraction.FLOORS_KEY, extraction.metrics(subset))


def test_tieline_is_at_least_trafilatura_on_the_subset(subset, record_property):
    for system in ("trafilatura", "trafilatura_precision"):
        record_property(system, json.dumps(extraction.metrics(subset, system)))
    ours, theirs = extraction.metrics(subset), extraction.metrics(subset, "trafilatura")
    for key in ("scrapinghub_heldout_shingle_f1", "trafilatura_eval_heldout_f1"):
        assert ours[key] >= theirs[key], f"{key}: tieline {ours[key]}, trafilatura {theirs[key]}"


def test_the_harness_scores_what_tieline_analyze_writes(tmp_path):
    """The text the harness scores is the `text` field `tieline analyze PAGE.html` writes."""
    import gzip

    import tieline
    from tieline.registry import get

    folder = shared_file("data/anchors/extraction/scrapinghub-article-extraction-benchmark/ground-truth.json").parent
    pages = extraction.read_set(folder.parent, "scrapinghub")[:5]
    clean = get("clean")
    paths = []
    for page in pages:
        path = tmp_path / f"{page.id[:12]}.html"
        path.write_bytes(gzip.decompress(page.path.read_bytes()))
        paths.append(path)
    analysed = list(tieline.analyze([str(p) for p in paths], pipeline=tieline.registry.default_pipeline(
        stages=["clean", "language"])))
    for page, doc in zip(pages, analysed):
        assert doc.text == extraction.tieline_text(extraction.decoded(page.path), clean)[0]
