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


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability for ``text``."""
    code, probability = _identifier().classify(text[:SAMPLE_CHARS])
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
