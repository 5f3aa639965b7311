from __future__ import annotations

from tieline.stages.clean import CleanStage, is_truncated, split_lines
from tieline.testing import make_doc


def clean(raw: str, **fields):
    doc = make_doc(raw, **fields)
    CleanStage().process(doc)
    return doc


def reasons(doc) -> dict[str, str]:
    return {item.text: item.reason for item in doc.removed}


def test_reworded_seed_title_body_credit_and_junk(seeds):
    doc = clean(seeds["reworded"])
    assert doc.title == "Xi Jinping hugs Vladimir Putin in defiance of the West"
    assert doc.text.startswith("Days after returning from a trip to Europe where he was lectured")
    assert doc.text.endswith("He does not want to be chained to a corpse.”")
    assert doc.credits == ["Olivia Wang contributed to the research."]
    assert reasons(doc)["Leave a Comment"] == "comment_prompt"
    assert "Olivia Wang" not in doc.text and "Leave a Comment" not in doc.text
    assert not doc.truncated


def test_reworded_seed_glitches_repaired_and_recorded(seeds):
    doc = clean(seeds["reworded"])
    assert "his support for Putin remains firm." in doc.text
    assert "European Council on Foreign Relations. For China" in doc.text
    assert "growth agenda, analysts say. This could" in doc.text
    kinds = [repair.kind for repair in doc.repairs]
    assert kinds == ["space_before_period", "period_inside_name", "attribution_after_period", "doubled_period"]
    for repair in doc.repairs:
        assert doc.raw[repair.start : repair.end] == repair.before


def test_junk_seed_every_junk_line_has_a_reason(seeds):
    doc = clean(seeds["junk"])
    assert doc.title == "Ties That Bind Putin and Xi Tested by Russia’s Ukraine Invasion"
    assert doc.text.startswith("They visited a hockey rink in Beijing and the panda enclosure at the Moscow Zoo.")
    assert doc.text.endswith("explicit or not — in the face of…")
    assert doc.truncated
    assert reasons(doc) == {
        "Ties That Bind Putin and Xi Tested by Russia’s Ukraine Invasion": "title",
        "Read More: Ties That Bind Putin and Xi Tested by Russia’s Ukraine Invasion": "read_more",
        "This website uses cookies to improve your experience. We'll assume you're ok with this, "
        "but you can opt-out if you wish. Accept Read More": "cookie_banner",
        "mahjong slot": "spam",
        "Live News": "site_chrome",
        "Get more stuff like this": "subscribe_box",
        "in your inbox": "subscribe_box",
        "Subscribe to our mailing list and get interesting stuff and updates to your email inbox.": "subscribe_box",
        "Thank you for subscribing.": "subscribe_box",
        "Something went wrong.": "subscribe_box",
    }


def test_removed_offsets_point_into_raw(seeds):
    for raw in seeds.values():
        doc = clean(raw)
        for item in doc.removed:
            assert doc.raw[item.start : item.end] == item.text


def test_body_keeps_every_body_line_verbatim_apart_from_repairs(seeds):
    doc = clean(seeds["junk"])
    assert "“impossible balancing act”" in doc.text
    assert doc.text.count("\n\n") == 11


def test_byline_and_dateline_become_metadata():
    doc = clean("Talks resume in Geneva\n\nBy Ana Duarte\nMarch 4, 2025\n\nDiplomats met on Monday.\n")
    assert (doc.byline, doc.published) == ("Ana Duarte", "2025-03-04")
    assert doc.text == "Diplomats met on Monday."
    assert [item.reason for item in doc.removed] == ["title", "byline", "dateline"]


def test_prose_mentioning_junk_words_is_kept():
    body = (
        "The ministry said it would not subscribe to the plan, and officials who accept cookies as gifts "
        "at embassy receptions were warned about foreign influence on Monday."
    )
    doc = clean(f"Envoys warned\n\n{body}\n")
    assert doc.text == body and doc.removed[0].reason == "title"


def test_known_title_repeated_as_heading_is_removed():
    doc = clean("Sanctions widen\n\nThe EU widened sanctions.", format="html", title="Sanctions widen")
    assert doc.text == "The EU widened sanctions."


def test_empty_body_is_marked_not_dropped():
    doc = clean("Only a title\n\nAccept\n")
    assert doc.text == "" and doc.skipped == "empty_body"
    assert doc.problems[0].reason == "empty_body"


def test_truncation_rules():
    assert is_truncated(split_lines("He said the talks were in the face of…"))
    assert is_truncated(split_lines("The minister said the deal would"))
    assert not is_truncated(split_lines("“It is not much of a bargain.”"))
    assert not is_truncated(split_lines("The talks ended (on Friday)."))
