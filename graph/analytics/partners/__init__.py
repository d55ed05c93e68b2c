"""The partner finder: who to ask next for a call, with reasons in plain words.

- ``index``: the portfolio as sparse matrices (built once) and the call's text vector;
- ``features`` and ``ranker``: what is known about a candidate, and the ranking learned from
  the graph's history (earlier projects predicting later partners);
- ``relevance`` and ``concepts``: what the call makes relevant (evidence on its theme, work
  under its funder, the asker's neighbourhood) before any model orders it;
- ``finder``: the score and the ranking (:func:`suggest`, :func:`known_partners`);
- ``why``: why an organisation is (not) suggested (:func:`why_not`);
- ``reasons``: the plain-words evidence for the few suggestions shown;
- ``text``: theme text that meets across Bulgarian, Czech and English;
- ``consortium``: a call's consortium to complete, and the countries and kinds it must cover;
- ``newcomers``: organisations with no project in the graph yet, ranked by what is known.
"""

from graph.analytics.partners import newcomers
from graph.analytics.partners.finder import known_partners, suggest
from graph.analytics.partners.index import Call, PartnerIndex
from graph.analytics.partners.ranker import trained_index
from graph.analytics.partners.why import why_not

__all__ = [
    "Call",
    "PartnerIndex",
    "known_partners",
    "newcomers",
    "suggest",
    "trained_index",
    "why_not",
]
