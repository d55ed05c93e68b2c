"""The wall around pyvis: escaping, caps with a message, stable positions, nothing from a CDN."""

from __future__ import annotations

import re

import pytest

from app import render
from app.profiles import provenance
from app.render import DrawEdge, DrawNode
from graph.analytics.money import SANKEY_KEEP, _fold_small


def _star(n: int) -> tuple[list[DrawNode], list[DrawEdge]]:
    nodes = [DrawNode(id="hub", label="hub", size=n)]
    nodes += [DrawNode(id=f"n{i}", label=f"n{i}", size=1) for i in range(n)]
    return nodes, [DrawEdge("hub", f"n{i}", weight=1 + i % 3) for i in range(n)]


def test_tooltips_escape_source_text() -> None:
    assert render.tooltip('<a href="x">A</a> & B', [("city", "<b>Sofia</b>")]) == (
        "<b>&lt;a href=&quot;x&quot;&gt;A&lt;/a&gt; &amp; B</b><br>city: &lt;b&gt;Sofia&lt;/b&gt;"
    )


def test_big_selections_are_capped_and_say_so() -> None:
    nodes, edges = _star(1500)
    kept, ties, note = render.cap(nodes, edges, max_nodes=5000, max_edges=800)
    assert (len(kept), len(ties)) == (1000, 800)
    assert kept[0].id == "hub"
    assert note == "Showing the 1,000 largest of 1,501 nodes; 800 of 1,500 ties drawn."
    assert render.cap(nodes[:10], edges[:9], 300, 5000)[2] == ""


def test_drawings_are_stable_offline_and_have_no_physics() -> None:
    nodes, edges = _star(40)
    first = render.network_html(nodes, edges)
    assert first.html == render.network_html(nodes, edges).html
    assert (first.nodes, first.edges, first.note) == (41, 40, "")
    assert re.findall(r'(?:src|href)="https?://', first.html) == []
    assert '"physics": {"enabled": false' in first.html
    assert "htmlTitles(nodes);" in first.html


def test_provenance_pairs_each_quote_with_its_own_source() -> None:
    props = {
        "sources": ["a.txt#L2", "curation.yaml", "b.txt#L9"],
        "quotes": ["b.txt#L9: second: with a colon", "a.txt#L2: first"],
    }
    titles = {"b.txt": "Annual report"}
    it = "the organisation itself"
    assert provenance(props, [], titles) == [
        {"fact": it, "document": "a.txt", "where": "line 2", "quote": "first"},
        {"fact": it, "document": "curation.yaml", "where": "", "quote": ""},
        {
            "fact": it,
            "document": "Annual report — b.txt",
            "where": "line 9",
            "quote": "second: with a colon",
        },
    ]


def test_a_large_sankey_folds_small_projects_and_keeps_the_totals() -> None:
    chain = []
    for i in range(SANKEY_KEEP + 5):
        amount = 1000.0 + i  # proj:34 is the biggest, proj:00..proj:04 the five smallest
        ends = {
            "source_kind": "programme",
            "source_name": "AMIF",
            "target_kind": "project",
            "target_name": f"P{i:02d}",
        }
        chain += [
            {
                "stage": "programme",
                "source": "prog:amif",
                "target": f"proj:{i:02d}",
                **ends,
                "amount_eur": amount,
                "estimated_eur": 0.0,
                "original": {"BGN": 2 * amount},
            },
            {
                "stage": "project",
                "source": f"proj:{i:02d}",
                "target": f"org:{i:02d}",
                "source_kind": "project",
                "source_name": f"P{i:02d}",
                "target_kind": "organisation",
                "target_name": f"O{i:02d}",
                "amount_eur": amount,
                "estimated_eur": 0.5 * amount,
                "original": {"BGN": 2 * amount},
            },
        ]
    folded, note = _fold_small(chain)
    others = [link for link in folded if link["target"] == "other:project"]
    assert others == [
        {
            "stage": "programme",
            "source": "prog:amif",
            "target": "other:project",
            "source_kind": "programme",
            "source_name": "AMIF",
            "target_kind": "project",
            "target_name": "(5 other projects)",
            "amount_eur": 5010.0,
            "estimated_eur": 0.0,
            "original": {"BGN": 10020.0},
        }
    ]
    # the five smallest organisations' estimated halves fold with them: 0.5 * (1000 + ... + 1004)
    (other_orgs,) = [link for link in folded if link["target"] == "other:organisation"]
    assert other_orgs["estimated_eur"] == 2505.0
    for stage in ("programme", "project"):
        assert sum(x["amount_eur"] for x in folded if x["stage"] == stage) == pytest.approx(
            sum(x["amount_eur"] for x in chain if x["stage"] == stage)
        )
    assert len({x["target"] for x in folded if x["stage"] == "project"}) == SANKEY_KEEP + 1
    assert "5 smaller projects and 5 smaller organisations" in note
