"""Derived data on disk (graph/analytics/snapshot.py) against the real server: reused while the
data version stands, replaced after any write, rebuilt when its file is damaged, and the same
answers with or without it in the CLI and the app."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.analytics import prepared, snapshot, summary
from graph.analytics.portfolio import Portfolio, read_portfolio
from graph.config import PROJECT_ROOT
from graph.model import Organisation
from graph.store import Store
from tests import app_sample

CII = app_sample.org_id(app_sample.CII)
ENGLISH = "Center for Immigration and Integration"


@pytest.fixture
def sample(store: Store) -> Store:
    store.write(app_sample.records())
    shutil.rmtree(snapshot.folder(store.settings), ignore_errors=True)
    return store


def portfolio_file(store: Store) -> Path:
    """The one file of the portfolio, of the store's current version."""
    files = [p for p in snapshot.folder(store.settings).glob("*.pickle")]
    key = snapshot.version_key(summary.data_version(store))
    mine = [p for p in files if p == snapshot.file_of(store.settings, key, "portfolio")]
    assert len(mine) == 1, files
    return mine[0]


def facts(pf: Portfolio) -> dict:
    """What the analytics read, in a form two portfolios can be compared by."""
    return {
        "organisations": {k: (o.name, o.name_en, o.country) for k, o in pf.organisations.items()},
        "projects": {k: (p.title, p.amount_eur, p.status) for k, p in pf.projects.items()},
        "members": pf.members,
        "sponsors": pf.sponsors,
        "based_in": pf.based_in,
    }


def test_the_snapshot_is_reused_until_a_write_then_replaced(sample: Store) -> None:
    first = snapshot.portfolio(sample)
    path = portfolio_file(sample)
    inode = path.stat().st_ino  # every save writes a new file and renames it over the old one
    again = snapshot.portfolio(sample)
    assert path.stat().st_ino == inode
    assert facts(again) == facts(first) == facts(read_portfolio(sample))
    assert len(first.organisations) == 6 and len(first.projects) == 4  # tests/app_sample.py

    sample.write([Organisation(id=CII, name=app_sample.CII, name_en=ENGLISH)])  # properties only
    after = snapshot.portfolio(sample)
    assert after.organisations[CII].name_en == ENGLISH
    assert first.organisations[CII].name_en is None
    assert portfolio_file(sample) != path and path.exists()  # the previous version is kept

    sample.write([Organisation(id=CII, name=app_sample.CII, name_en="CII")])
    assert snapshot.portfolio(sample).organisations[CII].name_en == "CII"
    assert not path.exists()  # two versions back: pruned


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_snapshot_is_ignored_and_rebuilt(sample: Store, damage: str) -> None:
    expected = facts(read_portfolio(sample))
    snapshot.portfolio(sample)
    path = portfolio_file(sample)
    whole = path.read_bytes()
    path.write_bytes(
        {"truncated": whole[: len(whole) // 2], "garbage": b"\x80\x05not a pickle", "empty": b""}[
            damage
        ]
    )
    snapshot.forget()  # the next process, which only has the file
    assert facts(snapshot.portfolio(sample)) == expected
    assert portfolio_file(sample).stat().st_size == len(whole)  # written again, whole


def test_a_snapshot_of_other_code_or_version_is_not_used(sample: Store) -> None:
    version = summary.data_version(sample)
    snapshot.save(sample.settings, version, "answer", 42, stamp="other code")
    assert snapshot.load(sample.settings, version, "answer", stamp="other code") == 42
    assert snapshot.load(sample.settings, version, "answer") is None  # this code: not its file
    assert snapshot.load(sample.settings, ("another", 6, 4), "answer", stamp="other code") is None


def cli(env: dict[str, str], *args: str) -> list | dict:
    done = subprocess.run(
        [sys.executable, "-m", "graph", *args, "--json"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


COMMANDS = [
    ("stats",),
    ("flows", "--by", "city"),
    ("centrality", "--metric", "degree"),
    ("partners", CII, "--theme", "migration"),
]


def test_the_cli_answers_the_same_with_and_without_snapshots(
    sample: Store, graph_env: dict[str, str]
) -> None:
    def files() -> dict[str, int]:  # a file written again would have a new inode
        return {p.name: p.stat().st_ino for p in snapshot.folder(sample.settings).glob("*")}

    cold = [cli(graph_env, *args) for args in COMMANDS]
    made = files()
    assert len(made) == 5  # the portfolio; the counts, flows, centrality table and partner index
    warm = [cli(graph_env, *args) for args in COMMANDS]
    assert warm == cold
    assert files() == made  # all read, none made again
    assert (
        cold[0]["nodes"]["Organisation"] == 6 and cold[0]["relationships"]["PARTICIPATES_IN"] == 10
    )
    # tests/app_sample.py by hand, equal shares, the proposal p4 left out: Sofia has half of
    # p1 (50,000), a third of p2 (120,000) and two thirds of p3 (30,000); Ruse half of p1.
    by_city: dict[str, float] = {}
    for row in cold[1]:  # one row per funder and city
        by_city[row["target"]] = by_city.get(row["target"], 0.0) + row["amount_eur"]
    assert by_city["Sofia"] == pytest.approx(25_000 + 40_000 + 20_000)
    assert by_city["Ruse"] == pytest.approx(25_000)


@pytest.fixture
def app_env(sample: Store, settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    yield sample
    st.cache_resource.clear()


def overview() -> dict[str, str]:
    snapshot.forget()  # a new app process: only the disk is shared
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return {m.label: m.value for m in at.metric}


def test_the_app_shows_the_same_with_and_without_snapshots(app_env: Store) -> None:
    cold = overview()
    assert list(snapshot.folder(app_env.settings).glob("*.pickle"))
    assert overview() == cold
    assert cold["Organisations"] == "6" and cold["Funded (EUR)"] == "€ 200,000"


def test_a_file_others_may_write_is_never_read(sample: Store) -> None:
    version = summary.data_version(sample)
    snapshot.save(sample.settings, version, "answer", 42)
    [path] = snapshot.folder(sample.settings).glob("*.pickle")
    assert path.stat().st_mode & 0o777 == 0o600
    assert snapshot.load(sample.settings, version, "answer") == 42
    path.chmod(0o666)  # a pickle runs code when read
    snapshot.forget()  # another process, which only has the file
    assert snapshot.load(sample.settings, version, "answer") is None


def test_a_load_leaves_the_snapshot_of_what_it_wrote(
    sample: Store, graph_env: dict[str, str]
) -> None:
    """The first command after a load reads the snapshot the load made, not the store."""
    cordis = PROJECT_ROOT.parent / "shared/datasets/cordis"
    report = cli(graph_env, "load", str(next(cordis.glob("*.csv"))))
    assert report[0]["nodes"] > 0
    path = portfolio_file(sample)  # exactly one, of the version after the load
    stored = snapshot.load(sample.settings, summary.data_version(sample), "portfolio")
    assert facts(stored) == facts(read_portfolio(sample))
    # the 300 Horizon Europe projects of the shared sample, beside the sample's four
    assert len(stored.projects) == 300 + 4
    inode = path.stat().st_ino
    cli(graph_env, "flows", "--by", "city")
    assert path.stat().st_ino == inode


PAGES = ["overview", "network", "network?draw=whole", "flows", "map", "profile", "research"]


def test_after_a_load_the_pages_first_views_derive_nothing_of_graph(
    app_env: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a load prepares is what the pages ask for first: opening each page in a new app
    process computes no analytics of graph/ again (only the app's own drawings)."""
    prepared.prepare(app_env)
    made: list[str] = []
    save = snapshot.save
    monkeypatch.setattr(
        snapshot, "save", lambda s, v, name, *a, **k: (made.append(name), save(s, v, name, *a, **k))
    )
    for page in PAGES:
        snapshot.forget()  # a new app process: only the disk is shared
        at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=120)
        name, _, draw = page.partition("?draw=")
        if draw:
            at.query_params["draw"] = draw
        if name != "overview":
            at.switch_page(f"app/pages/{name}.py")
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        if draw:  # the whole network drawn, from what the load prepared
            assert any("organisations and" in c.value for c in at.caption), page
    assert any(name.startswith("derive app.viewmodels.network_drawing") for name in made)
    assert not [name for name in made if name.startswith("derive graph.")]


def test_a_new_portfolio_frees_what_older_versions_left_out_of_the_collectors_sight(
    sample: Store,
) -> None:
    """Loaded data is frozen (gc.freeze) so collections do not walk it; the reference cycles
    of a version no longer used are still freed when the next version's portfolio arrives."""
    import gc
    import weakref

    snapshot.portfolio(sample)
    cycle = Cycle()
    cycle.me = cycle  # freed only by a collection, never by reference counts
    gone = weakref.ref(cycle)
    gc.freeze()  # as the next snapshot read does
    del cycle
    gc.collect()
    assert gone() is not None  # frozen: not collected
    sample.write([Organisation(id="org:new", name="New Foundation")])
    snapshot.portfolio(sample)
    assert gone() is None


class Cycle:
    me: Cycle


def test_an_answer_that_cannot_be_prepared_is_said_and_the_rest_still_are(
    sample: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data is written before the analytics are prepared: a step that fails (here one
    whose work raises) becomes a note, and every other step is still prepared."""
    from graph.analytics import money

    def broken(pf: Portfolio) -> None:
        raise ValueError("no such figure")

    monkeypatch.setattr(prepared, "DEFAULTS", [(broken, ()), (money.overview, ())])
    notes = prepared.prepare(sample)
    assert notes == [
        "the analytics' broken could not be prepared (no such figure); it is made when asked"
    ]
    key = snapshot.version_key(summary.data_version(sample))
    assert snapshot.file_of(
        sample.settings, key, "derive graph.analytics.money.overview () {}"
    ).exists()


def test_after_a_load_the_whole_view_first_visit_reads_no_portfolio(
    app_env: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole network's first visit in a new app process reads what the load prepared (the
    drawing, the sidebar's options), never the portfolio: seconds at 50,000 organisations.
    A filter set afterwards is still honoured, from the portfolio."""
    prepared.prepare(app_env)
    snapshot.forget()  # a new app process: only the disk is shared
    read: list[str] = []
    load = snapshot.load
    monkeypatch.setattr(
        snapshot,
        "load",
        lambda s, v, name, *a, **k: (read.append(name), load(s, v, name, *a, **k))[1],
    )
    at = AppTest.from_file(str(PROJECT_ROOT / "streamlit_app.py"), default_timeout=120)
    at.query_params["draw"] = "whole"
    at.switch_page("app/pages/network.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    whole = [c.value for c in at.caption if "organisations and" in c.value]
    assert read and "portfolio" not in read, read
    # the sample's three funded projects: 2 + 3 + 3 members, 1 + 3 + 3 ties (counted by hand)
    assert whole[0].startswith("6 organisations and 7 ties drawn"), whole
    at.sidebar.multiselect(key="f_country").select("BG").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "portfolio" in read  # a filtered view is made on its first visit, as before
    shown = [c.value for c in at.caption if "organisations and" in c.value]
    # Bulgarian: CII, Roma Bridge Ruse, Burgas Youth Network, the hostile name; p1 1 tie, p3 3
    assert shown[0].startswith("4 organisations and 4 ties drawn"), shown
