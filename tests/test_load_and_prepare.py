"""The one load sequence of the CLI, the Data page and the app's first start: each load in its
own transaction, a failure stopping the rest, then the analytics prepared for what was written."""

from __future__ import annotations

from pathlib import Path

from graph.analytics import snapshot, summary
from graph.errors import LoadError
from graph.io import ingest
from graph.model import LoadResult
from graph.store import Store
from tests import app_sample


def test_loads_before_a_failure_are_kept_reported_and_prepared(store: Store) -> None:
    ran: list[str] = []

    def sample() -> ingest.LoadReport:
        ran.append("sample")
        result = LoadResult(records=app_sample.records())
        return ingest.write_result(store, result, Path("sample.md"), "markdown")

    def broken() -> ingest.LoadReport:
        ran.append("broken")
        raise LoadError("broken.csv: row 2, field amount: not a number; nothing was loaded")

    def never() -> ingest.LoadReport:
        ran.append("never")
        raise AssertionError("a load after a failure must not run")

    reports, failed = ingest.load_and_prepare(store, [sample, broken, never])
    assert ran == ["sample", "broken"]
    assert isinstance(failed, LoadError) and "broken.csv" in str(failed)
    assert [r.file for r in reports] == ["sample.md"] and reports[0].nodes > 0
    snapshot.forget()  # what the next process finds: the portfolio prepared on disk
    stored = snapshot.load(store.settings, summary.data_version(store), "portfolio")
    assert sorted(o.name for o in stored.organisations.values()) == sorted(app_sample.ORGS)


def test_nothing_written_prepares_nothing(store: Store) -> None:
    def empty() -> ingest.LoadReport:
        return ingest.write_result(store, LoadResult(), Path("empty.md"), "markdown")

    reports, failed = ingest.load_and_prepare(store, [empty])
    assert failed is None and (reports[0].nodes, reports[0].relationships) == (0, 0)
    snapshot.forget()
    assert snapshot.load(store.settings, summary.data_version(store), "portfolio") is None
