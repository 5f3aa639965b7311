

def test_a_table_of_figures_is_undetermined_not_volapuk():
    from tieline.stages.language import detect_language

    table = "Shr 45 cts vs 58 cts\n    Net 1.1 mln vs 829,000\n    Sales 7.9 mln vs 9.4 mln\n    Avg shrs 2,332,397 vs 1,428,000"
    assert detect_language(table)[0] == "und"


def test_an_unsure_english_verdict_stays_english():
    from tieline.stages.language import detect_language

    assert detect_language("Qtly div 7-1/2 cts vs 7-1/2 cts prior\n    Pay April 30\n    Record April 15\n Reuter")[0] == "en"
