"""The Data page's mapping step: a spreadsheet no loader knows gets a column per field, values
for every row, a preview of its first grants with their warnings, and can be saved as a preset
that recognises the next such file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

from graph.config import PROJECT_ROOT
from graph.io import ingest
from graph.store import Store
from tests import app_sample
from tests.test_app import page

LIST = (
    "Beneficiary;Contracted;Town;Signed\n"
    "Roma Bridge Ruse;12 500,50;Ruse;26/03/2019 00:00\n"
    "Burgas Youth Network;7 300,00;Burgas;31.02.2020\n"
).encode("cp1251")
PRESET = PROJECT_ROOT / "data" / "presets" / "test-beneficiaries-list.yaml"


@pytest.fixture(autouse=True, scope="module")
def close_app_connections() -> Iterator[None]:
    yield
    st.cache_resource.clear()


@pytest.fixture
def app_store(store: Store, settings, monkeypatch: pytest.MonkeyPatch) -> Store:
    if settings.embedded:
        monkeypatch.setenv("GRAPH_DATA_DIR", str(settings.data_dir))
    store.write(app_sample.records())
    return store


@pytest.fixture
def no_saved_preset() -> Iterator[None]:
    PRESET.unlink(missing_ok=True)
    yield
    PRESET.unlink(missing_ok=True)


def test_the_page_takes_every_format_the_cli_loads_and_states_the_limit(app_store: Store) -> None:
    at = page("data")
    assert set(at.get("file_uploader")[0].proto.type) >= {
        f".{s}" for s in ("pdf", "docx", "html", "xls", "tsv", "csv", "xlsx", "xml", "json")
    }
    assert "up to 50 MB" in at.caption[0].value
    config = (PROJECT_ROOT / ".streamlit" / "config.toml").read_text()
    assert "maxUploadSize = 50" in config
    assert at.selectbox(key="d_programme").options == ["(from the file)", "HORIZON", "H2020", "FP7"]


def test_an_unknown_list_is_mapped_previewed_saved_and_then_recognised(
    app_store: Store, tmp_path: Path, no_saved_preset: None
) -> None:
    at = page("data")
    at.file_uploader(key="d_file").set_value(("list.csv", LIST, "text/csv")).run()
    assert at.error[0].value.startswith("list.csv: missing required column")
    assert not at.button  # nothing to load or save before the organisation is chosen
    at.selectbox(key="d_map_organisation").set_value("Beneficiary")
    at.selectbox(key="d_map_amount").set_value("Contracted")
    at.selectbox(key="d_map_city").set_value("Town")
    at.selectbox(key="d_map_date").set_value("Signed")
    at.text_input(key="d_set_currency").set_value("BGN")
    at.text_input(key="d_set_funder").set_value("Civic Fund").run()
    assert not at.exception, [e.value for e in at.exception]
    preview = at.dataframe[-1].value
    assert list(preview["amount"]) == [12500.50, 7300.00]
    assert list(preview["currency"]) == ["BGN", "BGN"]
    assert preview["warnings"][1].startswith("31.02.2020 is not a real date")
    at.text_input(key="d_preset_name").set_value("Test beneficiaries list").run()
    at.button(key="d_preset").click().run()
    assert PRESET.is_file()
    path = tmp_path / "next.csv"
    path.write_bytes(LIST)
    fmt, result = ingest.read(path)
    grants = sorted(float(r.amount) for r in result.records if type(r).__name__ == "Project")
    assert (fmt, grants) == ("grants", [7300.0, 12500.5])
    at.button(key="d_load").click().run()
    assert at.success[-1].value.startswith("Loaded ")
    names = {p["name"] for label, p in app_store.all_nodes() if label == "Project"}
    assert "Civic Fund: grant to Roma Bridge Ruse" in names
