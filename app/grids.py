"""Long tables on a page: the first rows in the grid, all of them as a CSV download.

A grid of 100,000 rows (every flow, every organisation's measures at 50,000 organisations)
takes the browser seconds to receive and draw, and nobody scrolls it; the rows come in the
page's order (largest amount, chosen measure), so the first thousand are the ones people read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

ROWS_SHOWN = 1000


def long_table(
    frame: pd.DataFrame,
    *,
    key: str,
    file_name: str,
    what: str = "rows",
    shape: Callable[[pd.DataFrame], pd.DataFrame] = lambda f: f,
    download: Callable[[], pd.DataFrame] | None = None,
    **grid: Any,
) -> None:
    """``shape(frame)``'s first :data:`ROWS_SHOWN` rows in a grid, a note when there are more,
    and a button downloading all of them (made only when clicked). ``shape`` turns rows into
    what is shown (derived columns, order of columns); ``download`` makes the CSV's table when
    it is not simply ``shape(frame)``."""
    whole = download or (lambda: shape(frame))
    st.dataframe(shape(frame.head(ROWS_SHOWN)), key=key, hide_index=True, **grid)
    if len(frame) > ROWS_SHOWN:
        st.caption(
            f"Showing the first {ROWS_SHOWN:,} of {len(frame):,} {what} (sorting a column sorts "
            "these); the CSV has them all."
        )
    st.download_button(
        "Download CSV",
        lambda: whole().to_csv(index=False).encode(),
        file_name=file_name,
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )


UNKNOWN = "–"  # a gap in a table: the grid would print "None"


def money_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``columns`` (EUR) as whole euros with thousands separators, and a dash where the sources
    give no amount, for columns that have gaps (the grid prints a gap as "None").

    >>> money_text(pd.DataFrame({"eur": [1234.5, None]}), ["eur"])["eur"].tolist()
    ['1,234', '–']
    """
    return frame.assign(
        **{c: frame[c].map(lambda v: UNKNOWN if pd.isna(v) else f"{v:,.0f}") for c in columns}
    )


def money_column(label: str, **kwargs: Any) -> Any:
    """The column of :func:`money_text`: right-aligned like the numbers around it."""
    return st.column_config.TextColumn(label, alignment="right", **kwargs)


NOISE = 1e-12  # below this a measure is 0 (eigenvector gives 9.5e-31 for the periphery)


def settled(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns with rounding noise shown as the 0 it stands for.

    >>> settled(pd.DataFrame({"x": [9.531e-31, 0.25]}))["x"].tolist()
    [0.0, 0.25]
    """
    floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    return frame.assign(**{c: frame[c].mask(frame[c].abs() < NOISE, 0.0) for c in floats})
