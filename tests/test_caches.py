"""The app's caches follow every write: a data version that each write transaction sets.

Before, the cache key was the node and relationship counts plus the latest SourceFile time, so
a write that only changed properties, or an import (no SourceFile), left every page stale.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.analytics import summary
from graph.config import PROJECT_ROOT
from graph.io.export import import_json, to_json
from graph.model import Organisation
from graph.store import Store
from tests import app_sample

APP = str(PROJECT_ROOT / "streamlit_app.py")
CII = app_sample.org_id(app_sample.CII)
SITE = "https://cii.example.org"


@pytest.fixture
def sample(store: Store, settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    store.write(app_sample.records())
    yield store
    st.cache_resource.clear()


def test_every_write_changes_the_data_version(sample: Store, tmp_path: Path) -> None:
    seen = [summary.data_version(sample)]
    sample.write([Organisation(id=CII, name=app_sample.CII, website=SITE)])  # properties only
    seen.append(summary.data_version(sample))
    export = to_json(sample)
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    import_json(sample, path)  # the same graph again: nothing to count, still a write
    seen.append(summary.data_version(sample))
    sample.clear()
    seen.append(summary.data_version(sample))
    sample.write(app_sample.records())
    seen.append(summary.data_version(sample))
    assert len(set(seen)) == len(seen), seen
    assert seen[1][1:] == seen[0][1:]  # the counts did not change, the version did


def test_a_property_only_change_reaches_the_page(sample: Store) -> None:
    def website() -> str | None:
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["org"] = CII
        at.run()
        at.switch_page("app/pages/profile.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return dict(at.dataframe[0].value.values.tolist()).get("website")

    assert website() is None
    sample.write([Organisation(id=CII, name=app_sample.CII, website=SITE)])
    assert website() == SITE
