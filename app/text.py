"""Text for people: source text made safe for HTML and for Streamlit's Markdown, and money.

Every page and the renderers use these, so source text is escaped the same way wherever it is
shown, and one amount reads the same on every page.
"""

from __future__ import annotations

import html
import re
from typing import Any


def esc(text: Any) -> str:
    """Source text for HTML (tooltips, labels plotly reads a few tags in); None is empty."""
    return html.escape("" if text is None else str(text))


def plain(text: Any) -> str:
    r"""Source text for Streamlit's Markdown (headers, captions, messages) shown as written:
    the characters that make links, images, emphasis, code, tables or maths are escaped.

    >>> print(plain("![x](http://evil) *now* (see: a.csv)"))
    !\[x\](http://evil) \*now\* (see: a.csv)
    """
    return re.sub(r"([\\`*_\[\]<>~|$])", r"\\\1", "" if text is None else str(text))


def eur(value: float | None) -> str:
    """Money for people: '€ 1,234,567'; from ten million on '€ 12.3 M' or '€ 1.52 bn', so a
    metric fits its column.

    >>> eur(200000), eur(12_345_678), eur(1_522_074_572)
    ('€ 200,000', '€ 12.3 M', '€ 1.52 bn')
    """
    if value is None:
        return "–"
    if abs(value) >= 1e9:
        return f"€ {value / 1e9:.3g} bn"
    if abs(value) >= 1e7:
        return f"€ {value / 1e6:.3g} M"
    return f"€ {value:,.0f}"
