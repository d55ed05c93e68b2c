"""The one load sequence of the CLI, the Data page and the app's first start: each load in its
own transaction, a failure stopping the rest, then the analytics prepared for what was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analytics import snapshot, summary
from graph.errors import LoadError
from graph.io import ingest
from graph.model import Label, LoadResult, make_id
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


def test_a_load_builds_the_theme_evidence_the_first_themed_query_needs(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The partner index a load stores holds every project's stemmed texts: the first themed
    query in a new process (reading it from disk) stems no project again (issue 21)."""
    from graph.analytics.partners import Call, concepts, suggest, trained_index

    def sample() -> ingest.LoadReport:
        result = LoadResult(records=app_sample.records())
        return ingest.write_result(store, result, Path("sample.md"), "markdown")

    reports, failed = ingest.load_and_prepare(store, [sample])
    assert failed is None and reports[0].nodes > 0
    snapshot.forget()  # a new process: only the disk is shared
    index = snapshot.derived(snapshot.portfolio(store), trained_index)
    stemmed: list[int] = []
    stems = concepts._stems
    monkeypatch.setattr(
        concepts, "_stems", lambda docs: (stemmed.append(len(docs)), stems(docs))[1]
    )
    on = concepts.on_theme(index, ["migration"])
    # the sample's one funded project on migration: "Migrant integration in cities" (p2)
    assert [pid for pid, yes in zip(index.project_ids, on, strict=True) if yes] == [
        make_id(Label.PROJECT, "p2")
    ]
    asker = app_sample.org_id("Roma Bridge Ruse")
    assert suggest(index, asker, Call(["migration"]), top=3)
    assert stemmed == []
