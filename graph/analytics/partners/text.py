"""Theme text that meets across Bulgarian, Czech and English: stems, then words and n-grams.

Each piece of text (a title, a description, a theme, the call's words) is read in its own
language: Cyrillic is Bulgarian (BulStem's rules, shipped inside the ``bulstem`` package),
Latin with Czech letters is Czech, other Latin is English (Snowball's stemmers from
``snowballstemmer``). Each word is stemmed, then transliterated and case-folded, so
"мигранти", "migrantů" and "migrants" all become ``migrant``. Two TF-IDF models are fitted:
words (stems and pairs of stems) and character 3–5-grams of the stems (which let
"integratsi", "integrak" and "integr", the stems of "интеграция", "integrace" and
"integration", meet). Each row is the two normalised parts side by side, weighted so that a
cosine is ``WORDS * word cosine + (1 - WORDS) * character cosine``.
Nothing is downloaded: both stemmers are pure Python with their rules in the package.

>>> text = ThemeText()
>>> rows = text.fit_transform(["Интеграция на мигранти", "Integrace migrantů", "Bee keeping"])
>>> call = text.transform(["migrant integration"])
>>> [round(float(x), 2) for x in (rows @ call.T).toarray().ravel()]
[0.66, 0.71, 0.0]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
import snowballstemmer
from bulstem.stem import BulStemmer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from graph.model import normalise

WORDS = 0.35  # share of the cosine from whole stems (the rest from character n-grams)
CZECH = re.compile("[áčďéěíňóřšťúůýž]", re.IGNORECASE)
CYRILLIC = re.compile("[\u0400-\u04ff]")
WORD = re.compile(r"[^\W\d_]{2,}")  # letters only: numbers and codes carry no theme
PREFIXED = re.compile(r"\b([^\W\d_])-(?=[^\W\d_]{2,})")  # "e-government" is one word
# Function words of the three languages (after folding) that would otherwise pair up stems.
STOP = frozenset(
    "and the for with from into of in on to by an at or as is are its their this that "
    "pro pri jako nebo ktery ktera ktere jejich tato tento na ve se za do od po ke ze "
    "vav chrez ot kato ili koito koyato koeto tehni tozi tazi".split()
)


def pieces(texts: Iterable[str | None]) -> list[str]:
    """The folded stem of each word of the texts, function words left out.

    A piece is stemmed in its own language; a piece that does not show one (Latin letters
    without Czech ones, such as the theme "integrace") takes Czech when the text before it
    was Czech, else English (Latin letters are never Bulgarian: an English title after a
    Bulgarian one is English).
    """
    out: list[str] = []
    shown = "en"
    for text in texts:
        if text:
            shown = _language(text) or shown
            stem = _stemmer(_language(text) or ("cs" if shown == "cs" else "en"))
            words = WORD.findall(PREFIXED.sub(r"\1", text.lower()))
            out += [s for s in (stem(w) for w in words) if s]
    return out


def _language(text: str) -> str | None:
    if CYRILLIC.search(text):
        return "bg"
    return "cs" if CZECH.search(text) else None


@functools.cache
def _stemmer(language: str):  # noqa: ANN202 -- a cached word -> stem function
    """A cached word -> folded stem function; "" for function words."""
    if language == "bg":
        rules = BulStemmer.from_file("stem-context-1", left_context=1)
        stem = rules.stem
    else:
        snowball = snowballstemmer.stemmer("czech" if language == "cs" else "english")
        stem = snowball.stemWord

    @functools.lru_cache(maxsize=200_000)
    def folded(word: str) -> str:
        if normalise(word) in STOP:
            return ""
        return normalise(stem(word)).replace(" ", "")

    return folded


def _words(stems: Sequence[str]) -> list[str]:
    """Stems, and pairs of stems in a row."""
    return [*stems, *(f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False))]


def _grams(stems: Sequence[str]) -> list[str]:
    """Character 3-5-grams of the stems (cognates cut by different stemmers still meet)."""
    return [g for stem in stems for g in _word_grams(stem)]


@functools.lru_cache(maxsize=200_000)
def _word_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))


class ThemeText:
    """Fitted once over the projects' texts; turns any text into a row comparable to them."""

    def __init__(self) -> None:
        self.words = TfidfVectorizer(analyzer=_words, sublinear_tf=True, dtype=np.float32)
        self.grams = TfidfVectorizer(analyzer=_grams, sublinear_tf=True, dtype=np.float32)

    def fit_transform(self, docs: Sequence[str | Sequence[str]]) -> sp.csr_matrix:
        """Rows for ``docs`` (each a text, or the pieces of one project's text)."""
        stems = [pieces([d] if isinstance(d, str) else d) for d in docs] or [[]]
        if not any(stems):
            stems[0] = ["_"]  # an empty vocabulary is an error for scikit-learn
        return self._join(self.words.fit_transform(stems), self.grams.fit_transform(stems))

    def transform(self, docs: Sequence[str | Sequence[str]]) -> sp.csr_matrix:
        stems = [pieces([d] if isinstance(d, str) else d) for d in docs]
        return self._join(self.words.transform(stems), self.grams.transform(stems))

    @staticmethod
    def _join(words: sp.csr_matrix, grams: sp.csr_matrix) -> sp.csr_matrix:
        parts = (np.sqrt(WORDS) * normalize(words), np.sqrt(1 - WORDS) * normalize(grams))
        return sp.hstack(parts, format="csr", dtype=np.float32)
