"""The store against the real embedded server: schema, idempotent writes, atomicity, read-only."""

from __future__ import annotations

import json

import pytest

from graph.errors import QueryError, ReadOnlyViolation
from graph.io import export
from graph.model import (
    City,
    Label,
    Organisation,
    Project,
    Relationship,
    RelType,
    make_id,
)
from graph.store import Store


def small_graph() -> list:
    cii = make_id(Label.ORGANISATION, "Център за Имиграция и Интеграция")
    nadace = make_id(Label.ORGANISATION, "Nadace Žluťoučký kůň")
    proj = make_id(Label.PROJECT, "INTEGRA")
    ruse = make_id(Label.CITY, "Ruse")
    return [
        Organisation(
            id=cii,
            name="Център за Имиграция и Интеграция",
            aliases=["ЦИИ"],
            country="BG",
            sources=["report.txt#L3"],
        ),
        Organisation(id=nadace, name="Nadace Žluťoučký kůň", country="CZ", sources=["p.txt#L9"]),
        Project(
            id=proj,
            name="INTEGRA",
            title="INTEGRA",
            amount=485809.05,
            currency="EUR",
            amount_eur=485809.05,
            start="2018-01-01",
            themes=["migration"],
            sources=["p.txt#L1"],
        ),
        City(id=ruse, name="Ruse", name_local="Русе", country="BG", lat=43.85, lon=25.97),
        Relationship(
            type=RelType.PARTICIPATES_IN, start=cii, end=proj, role="lead", sources=["p.txt#L4"]
        ),
        Relationship(
            type=RelType.PARTICIPATES_IN,
            start=nadace,
            end=proj,
            role="partner",
            sources=["p.txt#L5"],
        ),
        Relationship(type=RelType.BASED_IN, start=cii, end=ruse, sources=["report.txt#L3"]),
    ]


def test_counts_after_write(store: Store) -> None:
    assert store.write(small_graph()) == {"nodes": 4, "relationships": 3}
    counts = store.counts()
    assert counts["nodes"] == {
        "Organisation": 2,
        "Funder": 0,
        "Programme": 0,
        "Project": 1,
        "City": 1,
    }
    assert counts["relationships"]["PARTICIPATES_IN"] == 2
    assert counts["relationships"]["BASED_IN"] == 1


def test_writing_twice_changes_nothing(store: Store) -> None:
    store.write(small_graph())
    first = export.to_json(store)
    store.write(small_graph())
    assert export.to_json(store) == first


def test_a_second_source_adds_provenance_without_duplicates(store: Store) -> None:
    store.write(small_graph())
    org = small_graph()[0]
    again = Organisation(id=org.id, name=org.name, aliases=["CII"], sources=["other.csv#row 7"])
    store.write([again])
    rows, _ = store.run_user_query(
        "MATCH (o:Organisation {id: $id}) RETURN o.sources AS s, o.aliases AS a, o.country AS c",
        {"id": org.id},
    )
    # a second source sorts the lists, so the order files were loaded in does not show
    assert rows == [{"s": ["other.csv#row 7", "report.txt#L3"], "a": ["CII", "ЦИИ"], "c": "BG"}]


def test_constraint_rejects_a_duplicate_id(store: Store) -> None:
    store.write(small_graph())
    with pytest.raises(Exception) as info:  # the server's own ConstraintError
        store._driver.execute_query(
            "CREATE (n:Organisation {id: $id, name: 'dup'})",
            id=small_graph()[0].id,
            database_=store.database,
        )
    assert "Constraint" in type(info.value).__name__ or "onstraint" in str(info.value)
    assert store.counts()["nodes"]["Organisation"] == 2


def test_a_failing_batch_leaves_nothing_behind(store: Store) -> None:
    records = small_graph()
    dangling = Relationship(
        type=RelType.PARTICIPATES_IN, start=records[0].id, end="proj:does-not-exist"
    )
    with pytest.raises(ValueError, match="unknown nodes"):
        store.write([*records, dangling])
    assert not any(store.counts()["nodes"].values())


def test_json_round_trip_is_lossless(store: Store, tmp_path) -> None:
    store.write(small_graph())
    first = tmp_path / "a.json"
    export.export_json(store, first)
    store.clear()
    assert export.import_json(store, first) == {"nodes": 4, "relationships": 3}
    second = tmp_path / "b.json"
    export.export_json(store, second)
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    assert "Žluťoučký" in second.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (n:Intruder {id: 'x'}) RETURN n",
        "MERGE (n:Organisation {id: 'org:new'}) RETURN n",
        "MATCH (n:Organisation) SET n.name = 'hacked' RETURN n",
        "MATCH (n:City) DELETE n",
        "MATCH (n) DETACH DELETE n",
        "MATCH (n:Organisation) REMOVE n.country RETURN n",
        "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
        "MATCH (n) /* sneaky */ cReAtE (m:Intruder) RETURN m",
        "CALL db.createLabel('Intruder')",
        "DROP CONSTRAINT organisation_id",
        # found in review: a quoted procedure name, and comment markers inside strings
        "CALL `apoc.merge.node`(['Organisation'], {id: 'org:evil'}, {}) YIELD node RETURN node",
        "CALL `apoc` . `merge`.node(['Organisation'], {id: 'org:evil'}, {}) YIELD node RETURN node",
        "WITH '/*' AS a CREATE (:EvilTwo) RETURN '*/' AS b",
        "WITH 'http://example.org' AS w CREATE (:EvilThree) RETURN w",
    ],
)
def test_user_queries_that_write_are_refused(store: Store, statement: str) -> None:
    store.write(small_graph())
    before = export.to_json(store)
    with pytest.raises(ReadOnlyViolation):
        store.run_user_query(statement)
    assert export.to_json(store) == before
    labels, _ = store.run_user_query("CALL db.labels() YIELD label RETURN collect(label) AS l")
    assert not [label for label in labels[0]["l"] if label.startswith(("Evil", "Intruder"))]


def test_the_second_guard_rolls_back_a_write_that_slips_through(store: Store) -> None:
    store.write(small_graph())
    before = export.to_json(store)
    with pytest.raises(ReadOnlyViolation):
        store.run_checked_read("MATCH (n:Organisation) SET n.name = 'x' RETURN n", None, 10)
    assert export.to_json(store) == before


def test_keywords_inside_strings_are_not_writes(store: Store) -> None:
    store.write(small_graph())
    rows, _ = store.run_user_query(
        "MATCH (o:Organisation) WHERE o.name <> 'CREATE DELETE' RETURN count(o) AS n"
    )
    assert rows == [{"n": 2}]


def test_cyrillic_and_czech_parameters_survive(store: Store) -> None:
    store.write(small_graph())
    for name in ["Център за Имиграция и Интеграция", "Nadace Žluťoučký kůň"]:
        rows, _ = store.run_user_query(
            "MATCH (o:Organisation {name: $name}) RETURN o.name AS name", {"name": name}
        )
        assert rows == [{"name": name}]
    rows, _ = store.run_user_query("RETURN $s AS s", {"s": "„Русе“ – Ústí nad Labem ěščřžýáíé"})
    assert rows == [{"s": "„Русе“ – Ústí nad Labem ěščřžýáíé"}]


def test_row_limit_cuts_and_says_so(store: Store) -> None:
    rows, more = store.run_user_query("UNWIND range(1, 50) AS i RETURN i", limit=10)
    assert [r["i"] for r in rows] == list(range(1, 11))
    assert more is True
    rows, more = store.run_user_query("UNWIND range(1, 5) AS i RETURN i", limit=10)
    assert len(rows) == 5 and more is False


def test_a_syntax_error_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError):
        store.run_user_query("MATCH (n RETURN n")


def test_a_relationship_between_the_wrong_labels_is_refused(store: Store) -> None:
    records = small_graph()
    wrong = Relationship(type=RelType.BASED_IN, start="proj:integra", end="city:ruse")
    with pytest.raises(ValueError, match="BASED_IN cannot join proj:integra to city:ruse"):
        store.write([*records, wrong])
    assert not any(store.counts()["nodes"].values())
