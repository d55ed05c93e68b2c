"""The analytics commands of ``python -m graph``: centrality, communities, partners, flows.

Thin: each reads the portfolio once, calls graph/ and prints. They are gathered
into the main Typer app by :mod:`graph.cli`. Notes on how numbers were
computed (sampling, split rules) go to stderr, so ``--json`` output stays pure JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import typer

from graph.analytics import registry
from graph.cli.common import JsonOpt, emit_json, err, open_store, out, print_rows

commands = typer.Typer()
T = TypeVar("T")


class Engine(StrEnum):
    auto = "auto"
    networkx = "networkx"
    igraph = "igraph"


# --metric: every measure of the registry, then its groups (brokerage, all)
Metric = StrEnum("Metric", [(m, m) for m in (*registry.MEASURES, *registry.GROUPS)])
By = StrEnum(
    "By", [(b, b) for b in ("funder", "programme", "city", "country", "organisation", "year")]
)
Split = StrEnum("Split", [("lead", "lead"), ("equal", "equal")])

Backend = Annotated[Engine, typer.Option(help="Engine for the measures.")]
Top = Annotated[int, typer.Option("--top", help="How many rows.")]
FunderOpt = Annotated[str | None, typer.Option("--funder", help="Funder or programme.")]
ThemeOpt = Annotated[list[str] | None, typer.Option("--theme", help="Theme words (repeatable).")]
CountryOpt = Annotated[list[str] | None, typer.Option("--country", help="ISO code (repeatable).")]
YearFrom = Annotated[int | None, typer.Option("--from", help="First year of projects.")]
YearTo = Annotated[int | None, typer.Option("--to", help="Last year of projects.")]
Proposals = Annotated[bool, typer.Option("--proposals", help="Count proposed/rejected projects.")]


def _portfolio(json_out: bool):
    """The portfolio of the store's data version, from the snapshot every process shares."""
    from graph.analytics import snapshot

    with open_store(quiet=json_out) as store:
        return snapshot.portfolio(store)


def _derived(json_out: bool, name: str, make: Callable[[Any], T]) -> T:
    """``make(portfolio)`` once per data version, kept on disk for the next command; the
    portfolio is read only when it must be made."""
    from graph.analytics import snapshot, summary

    with open_store(quiet=json_out) as store:
        version = summary.data_version(store)
        make_it = lambda: make(snapshot.portfolio(store, version))  # noqa: E731
        return snapshot.cached(store.settings, version, name, make_it)


def _filters(
    year_from: int | None,
    year_to: int | None,
    funder: str | None,
    theme: list[str] | None,
    country: list[str] | None,
    proposals: bool,
) -> dict[str, Any]:
    """The network filter's arguments from the shared options (hashable: part of a cache key)."""
    return dict(
        years=(year_from, year_to),
        funder=funder,
        themes=tuple(theme or ()),
        countries=tuple(country or ()),
        include_proposals=proposals,
    )


def _network(pf: Any, filters: dict[str, Any]):
    """The co-partnership network of the filtered portfolio."""
    from graph.analytics.networks import co_partnership, make_filter

    return co_partnership(pf, make_filter(pf, **filters))


def _notes(notes: list[str]) -> None:
    for note in notes:
        err.print(f"note: {note}", markup=False, highlight=False)


@commands.command()
def centrality(
    metric: Annotated[
        Metric, typer.Option(help="Measure to rank by (all: every measure).")
    ] = Metric.degree,
    top: Top = 20,
    funder: FunderOpt = None,
    theme: ThemeOpt = None,
    country: CountryOpt = None,
    year_from: YearFrom = None,
    year_to: YearTo = None,
    proposals: Proposals = False,
    backend: Backend = Engine.auto,
    seed: int = 0,
    weighted_paths: Annotated[
        bool,
        typer.Option(
            "--weighted-paths",
            help="Betweenness and closeness with path length 1/shared projects (else hops).",
        ),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Centrality of organisations in the co-partnership network, most central first
    (brokerage: lowest constraint first). Rows with sampled estimates list them in
    ``sampled``; how each measure uses weights goes to stderr."""
    from graph.analytics.tables import WEIGHTS, centrality_table, expand_metrics

    filters = _filters(year_from, year_to, funder, theme, country, proposals)
    metrics = expand_metrics(metric.value)
    length = "distance" if weighted_paths else None
    table = _derived(
        json_out,
        f"centrality {filters!r} {metrics} {top} {seed} {backend.value} {length}",
        lambda pf: centrality_table(
            _network(pf, filters), metrics, top=top, seed=seed, backend=backend.value, length=length
        ),
    )
    if json_out:
        emit_json(table.rows)
    else:
        # ids are in --json; a person reads names, and the measures need the width
        rows = [{k: v for k, v in row.items() if k != "id"} for row in table.rows]
        print_rows(rows, title=f"centrality ({metric.value})")
    _notes(table.notes)
    paths = "length 1/shared projects" if weighted_paths else "hops"
    _notes(
        [
            f"{m}: {WEIGHTS[m]}"
            + (f" (here: {paths})" if m in ("betweenness", "closeness") else "")
            for m in metrics
        ]
    )


@commands.command()
def communities(
    funder: FunderOpt = None,
    theme: ThemeOpt = None,
    country: CountryOpt = None,
    year_from: YearFrom = None,
    year_to: YearTo = None,
    proposals: Proposals = False,
    backend: Backend = Engine.auto,
    seed: int = 0,
    json_out: JsonOpt = False,
) -> None:
    """Louvain communities of the co-partnership network, with the modularity."""
    from graph.analytics.tables import communities_table

    filters = _filters(year_from, year_to, funder, theme, country, proposals)
    rows = _derived(
        json_out,
        f"communities {filters!r} {seed} {backend.value}",
        lambda pf: communities_table(_network(pf, filters), seed=seed, backend=backend.value),
    )
    if json_out:
        emit_json(rows)
        return
    modularity = rows[0]["modularity"] if rows else 0.0
    out.print(f"{len(rows)} communities, modularity {modularity:.4f} (Louvain, seed {seed})")
    print_rows(
        [
            {
                "community": r["community"],
                "size": r["size"],
                "members": ", ".join(m["name"] for m in r["members"][:8])
                + (" …" if r["size"] > 8 else ""),
            }
            for r in rows
        ]
    )


@commands.command()
def partners(
    org: Annotated[str | None, typer.Argument(metavar="ORG", help="Who is asking.")] = None,
    theme: ThemeOpt = None,
    country: CountryOpt = None,
    funder: FunderOpt = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Organisation kind.")] = None,
    each_country: Annotated[
        list[str] | None,
        typer.Option("--each-country", help="At least one partner from each (repeatable)."),
    ] = None,
    each_kind: Annotated[
        list[str] | None, typer.Option("--each-kind", help="At least one of each kind.")
    ] = None,
    with_: Annotated[
        list[str] | None,
        typer.Option("--with", help="Already in the consortium (repeatable): who completes it?"),
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Not wanted (repeatable).")
    ] = None,
    include_partners: Annotated[
        bool, typer.Option("--include-partners", help="Let existing partners compete too.")
    ] = False,
    any_funder: Annotated[
        bool,
        typer.Option(
            "--any-funder",
            help="Also suggest organisations that never worked under --funder (it then only "
            "raises their score).",
        ),
    ] = False,
    why: Annotated[
        str | None, typer.Option("--why", help="Why is this organisation (not) suggested?")
    ] = None,
    top: Top = 10,
    json_out: JsonOpt = False,
) -> None:
    """Suggest new partners for a call, each with its reasons, best first; your existing
    partners that fit the call are listed apart, and so are organisations with no project in
    the graph yet (--json: they follow, marked "new_to_graph"). With --theme, candidates
    without evidence on the theme follow apart (--json: marked "off_theme")."""
    from graph.analytics import lookup, snapshot
    from graph.analytics.partners import (
        Call,
        known_partners,
        newcomers,
        suggest,
        trained_index,
        why_not,
    )

    pf = _portfolio(json_out)
    names = lookup.NameIndex(pf.organisations, "organisation")
    for name in [org, why, *(with_ or ()), *(exclude or ())]:
        if name:
            names.find(name)  # a name that is not sure fails here, with the closest listed
    index = snapshot.derived(pf, trained_index)
    call = Call(
        themes=theme or (),
        funder=funder,
        countries=country or (),
        kinds=kind or (),
        each_country=each_country or (),
        each_kind=each_kind or (),
        exclude=exclude or (),
        consortium=with_ or (),
        any_funder=any_funder,
    )
    if why:
        if not org:
            raise typer.BadParameter("--why needs the organisation asking (ORG)")
        answer = why_not(index, org, why, call)
        if json_out:
            emit_json(answer)
            return
        out.print(f"{answer['name']} ({answer['id']}):", markup=False)
        for line in [*answer["because"], *answer["reasons"]]:
            out.print(f"   - {line}", markup=False)
        return
    found = suggest(index, org, call, include_partners=include_partners, top=top)
    beyond = newcomers.suggest(index, org, call, top=top, besides=found)
    if json_out:
        emit_json(found + beyond)
        return
    on = [s for s in found if not s.get("off_theme")]
    if not on:
        out.print("no suggestions: nothing in the graph matches this call")
    _print_suggestions(on)
    off = [s for s in found if s.get("off_theme")]
    if off:
        out.print("\nno evidence on this theme:", markup=False)
        _print_suggestions(off, start=len(on) + 1)
    if org and not include_partners:
        known = known_partners(index, org, call, top=top)
        if known:
            out.print("\nyou already work with:", markup=False)
            _print_suggestions(known)
    if beyond:
        out.print("\nno projects in the graph yet:", markup=False)
        _print_suggestions(beyond)


def _print_suggestions(found: list[dict[str, Any]], start: int = 1) -> None:
    for rank, s in enumerate(found, start):
        out.print(f"{rank}. {s['name']}  (score {s['score']:.3f}, {s['id']})", markup=False)
        for reason in s["reasons"]:
            out.print(f"   - {reason}", markup=False)


@commands.command()
def flows(
    by: Annotated[By, typer.Option(help="What the money is grouped by.")] = By.funder,
    split: Annotated[
        Split, typer.Option(help="Unsplit money: equal shares, or all to the lead.")
    ] = Split.equal,  # graph.analytics.allocations.DEFAULT_SPLIT, as on every page of the app
    funder: FunderOpt = None,
    country: CountryOpt = None,
    year_from: YearFrom = None,
    year_to: YearTo = None,
    json_out: JsonOpt = False,
) -> None:
    """Funding flows in EUR (original currencies kept), adding up to the whole."""
    from graph.analytics import snapshot
    from graph.analytics.flows import flows as compute
    from graph.analytics.networks import make_filter

    pf = _portfolio(json_out)
    flt = make_filter(pf, years=(year_from, year_to), funder=funder, countries=country or ())
    report = snapshot.derived(pf, compute, by=by.value, split=split.value, flt=flt)
    if json_out:
        emit_json(report.rows)
    else:
        print_rows(
            [
                {
                    "source": r["source"],
                    "target": r["target"] + _estimated(r),
                    **{k: r[k] for k in ("amount_eur", "projects")},
                    "original": ", ".join(f"{v:,.2f} {c}" for c, v in r["currencies"].items()),
                }
                for r in report.rows
            ],
            title=f"flows by {by} — total {report.total_eur:,.2f} EUR",
        )
        guessed = sum(r["estimated_eur"] for r in report.rows)
        if guessed:
            _notes([f"of which estimated shares: {guessed:,.2f} EUR (marked in the rows)"])
    _notes(report.notes)


def _estimated(row: dict[str, Any]) -> str:
    """The mark of a flow that is (partly) an estimated share, after its target."""
    part = row["estimated_eur"]
    if not part:
        return ""
    if abs(part - row["amount_eur"]) < 0.01:
        return " (estimated share)"
    return f" ({part:,.2f} of it estimated share)"
