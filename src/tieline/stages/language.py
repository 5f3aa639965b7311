"""Stage ``language``: detect the body's language; other languages are kept and marked, not analysed."""

from __future__ import annotations

from functools import lru_cache

from ..pipeline import DocStage
from ..types import Doc

#: Languages the later stages analyse.
ANALYSED_LANGUAGES = ("en",)
#: Characters of body text the detector reads; enough for a stable answer, cheap on long articles.
SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


#: Below this probability another language does not overrule English, which stays in the running.
CONFIDENT = 0.6
#: English's probability that keeps it in the running.
PLAUSIBLE = 0.05
#: Below this probability the verdict is ``und`` (undetermined): tables of figures ("Shr 45 cts vs
#: 58 cts / Net 1.1 mln vs 829,000", 2% of Reuters-21578) otherwise come out as Volapük or Pidgin.
UNSURE = 0.3


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability for ``text``.

    Short English lines often look Dutch or Danish to the detector; an unsure
    verdict for another language gives way to English when English is plausible,
    and any other verdict under ``UNSURE`` is ``und`` (undetermined).
    """
    ranked = _identifier().rank(text[:SAMPLE_CHARS])
    code, probability = ranked[0]
    english = next((p for c, p in ranked if c == "en"), 0.0)
    if code != "en" and probability < CONFIDENT and english >= PLAUSIBLE:
        return "en", float(english)
    if code != "en" and probability < UNSURE:
        return "und", float(probability)
    return code, float(probability)


class LanguageStage(DocStage):
    """Set ``language``; mark documents in a language tieline does not analyse as skipped."""

    name = "language.langid.v1"
    requires = ("text",)
    assigns = ("language",)

    def process(self, doc: Doc) -> None:
        doc.language, _ = detect_language(doc.text)
        if doc.language not in ANALYSED_LANGUAGES:
            doc.skipped = f"language:{doc.language}"
