"""The partner finder: who to ask next for a call, with reasons in plain words.

- ``index``: the portfolio as sparse matrices (built once) and the call's text vector;
- ``finder``: the score and the ranking (:func:`suggest`), its formula in the docstring;
- ``reasons``: the plain-words evidence for the few suggestions shown.
"""

from graph.analytics.partners.finder import suggest
from graph.analytics.partners.index import Call, PartnerIndex

__all__ = ["Call", "PartnerIndex", "suggest"]
