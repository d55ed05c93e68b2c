"""The write planner on plain data: what would be sent, decided without a database."""

from __future__ import annotations

import pytest

from graph.model import Label, Organisation, Project, Relationship, RelType
from graph.store import cypher, planner

ORG = Label.ORGANISATION
KEY = (RelType.PARTICIPATES_IN, Label.ORGANISATION, Label.PROJECT)


def _plan() -> planner.Plan:
    return planner.fold(
        [
            Organisation(id="org:a", name="A", sources=["f#row-1"]),
            Organisation(id="org:a", name="A", sources=["f#row-2"]),
            Organisation(id="org:b", name="B"),
            Project(id="proj:p", name="P"),
            Relationship(type=RelType.PARTICIPATES_IN, start="org:a", end="proj:p", role="lead"),
            Relationship(type=RelType.PARTICIPATES_IN, start="org:b", end="proj:p"),
        ]
    )


def test_repeats_fold_into_one_entry_with_both_sources() -> None:
    plan = _plan()
    assert (plan.node_count, plan.rel_count) == (3, 2)
    assert plan.nodes[ORG]["org:a"]["sources"] == ["f#row-1", "f#row-2"]


def test_a_relationship_the_model_forbids_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot join"):
        planner.fold([Relationship(type=RelType.FUNDED_BY, start="org:a", end="proj:p")])


def test_new_nodes_are_created_and_unchanged_ones_not_sent() -> None:
    batch = _plan().nodes[ORG]
    [create] = planner.node_writes(ORG, batch, stored={})
    assert create.query == cypher.NODE_CREATE[ORG]
    assert [row["id"] for row in create.params["rows"]] == ["org:a", "org:b"]
    stored = {node_id: dict(props) for node_id, props in batch.items()}
    assert planner.node_writes(ORG, batch, stored) == []


def test_a_changed_node_is_sent_merged() -> None:
    batch = _plan().nodes[ORG]
    stored = {
        "org:a": {"id": "org:a", "name": "A", "sources": ["g#row-9"]},
        "org:b": batch["org:b"],
    }
    [update] = planner.node_writes(ORG, batch, stored)
    assert update.query == cypher.NODE_UPDATE[ORG]
    assert update.params["rows"] == [
        {"id": "org:a", "name": "A", "sources": ["f#row-1", "f#row-2", "g#row-9"]}
    ]


def test_new_relationships_go_grouped_by_their_shared_end_and_count_what_they_create() -> None:
    batch = _plan().rels[KEY]
    side = planner.shared_side(batch)
    assert side == 1  # one project, two organisations: grouped by the project
    [create] = planner.rel_writes(KEY, batch, stored={}, side=side)
    assert create.creates == 2
    assert [g["key"] for g in create.params["rows"]] == ["proj:p"]
    assert sorted(r["other"] for r in create.params["rows"][0]["rels"]) == ["org:a", "org:b"]


def test_relationships_touching_a_new_node_are_not_looked_up() -> None:
    batch = _plan().rels[KEY]
    assert planner.rel_lookups(batch, created={"proj:p"}) == []
    assert planner.rel_lookups(batch, created={"org:b"}) == [{"start": "org:a", "end": "proj:p"}]
