"""The Review page in a real headless Chromium: merge a near-duplicate, reject a wrong fact,
see the store change, reload the source and find both decisions still applied."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.io import ingest, review
from graph.store import Store
from tests.conftest import seeds_required
from tests.test_browser import _go, browser_page, streamlit_app  # noqa: F401 (fixture)
from tests.test_review import ART, NEAR_DUPLICATE


@pytest.fixture
def app_url(store: Store, graph_env: dict[str, str], tmp_path: Path) -> Iterator[str]:
    """`streamlit run` on the seed graph plus a spreadsheet naming a seed organisation anew."""
    store.settings.reviews_path.unlink(missing_ok=True)
    ingest.load_bundled(store)
    (tmp_path / "grants.csv").write_text(NEAR_DUPLICATE, encoding="utf-8")
    ingest.load_file(store, tmp_path / "grants.csv")
    try:
        with streamlit_app(graph_env) as url:
            yield url
    finally:
        store.settings.reviews_path.unlink(missing_ok=True)


@seeds_required()
def test_review_in_the_browser(
    browser_page,  # noqa: F811 (the fixture imported above)
    app_url: str,
    store: Store,
    tmp_path: Path,
) -> None:
    page = browser_page
    [pair] = review.pending(store, store.settings.reviews_path)["duplicates"]
    other = pair["b"] if pair["a"] == ART else pair["a"]
    page.goto(app_url)
    page.wait_for_selector("text=The graph at a glance", timeout=60_000)
    _go(page, "Review", "text=Possible duplicates (1)")

    keep = "Merge, keep the first" if pair["a"] == ART else "Merge, keep the second"
    page.get_by_role("button", name=keep).click()
    page.wait_for_selector("text=Possible duplicates (0)", timeout=60_000)
    assert store.node(other) is None

    facts = review.pending(store, store.settings.reviews_path)["facts"]
    # The page opens on the first document and its first fact.
    shown = next(f for f in facts if f["document"] == min(x["document"] for x in facts))
    page.get_by_role("button", name="Wrong: remove it").click()
    page.wait_for_selector("text=Removed", timeout=60_000)
    left = review.pending(store, store.settings.reviews_path)["facts"]
    assert len(left) == len(facts) - 1 and shown not in left
    kind = "PARTICIPATES_IN" if shown["f"] == "participates" else "FUNDED_BY"
    links = [(ln["type"], ln["end"]) for ln in store.links(shown["start"])]
    assert (kind, shown["end"]) not in links

    # Reloading both sources replays the decisions: no duplicate, no rejected fact.
    ingest.load_bundled(store)
    ingest.load_file(store, tmp_path / "grants.csv")
    page.goto(app_url)  # a fresh visit (a deep-link reload makes Streamlit probe paths)
    page.wait_for_selector("text=The graph at a glance", timeout=60_000)
    _go(page, "Review", "text=Possible duplicates (0)")
    assert store.node(other) is None
    assert len(review.pending(store, store.settings.reviews_path)["facts"]) == len(left)
    assert page.console_errors == [], "\n".join(page.console_errors)
