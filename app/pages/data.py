"""Data: add sources (checked before anything is written) and take the graph elsewhere."""

import pandas as pd
import streamlit as st

from app import state, upload
from app.text import plain
from graph.config import PROJECT_ROOT
from graph.io import export, ingest, registry

st.title("Data")

with state.shown_errors():
    db = state.open_graph()

st.subheader("Add a source")
reads = ", ".join(list(registry.READS.values())[:-1])
st.caption(
    f"{reads[:1].upper()}{reads[1:]} or {list(registry.READS.values())[-1]}; up to "
    f"{upload.MAX_BYTES // 2**20} MB. The file is checked first; nothing is written until you "
    "load it, and a file with errors that prevent reading it loads nothing."
)
formats = ["(detect)", *registry.IMPORTS]
fmt = st.selectbox("Format", formats, key="d_format")
programme = st.selectbox(
    "CORDIS framework programme (when the file does not tell it)",
    ["(from the file)", *ingest.CORDIS_PROGRAMMES],
    key="d_programme",
)
strict = st.checkbox("Strict: refuse the whole file if any row has an error", key="d_strict")
given = st.file_uploader("File", type=list(registry.SUFFIXES), key="d_file")


def issues_table(issues: list) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "severity": i.severity,
                    "where": f"{i.unit} {i.row}" if i.row is not None else "",
                    "column": i.column or "",
                    "problem": i.message,
                    "code": i.code,
                }
                for i in issues
            ]
        ),
        hide_index=True,
    )


def mapping_step(data: bytes, name: str) -> upload.Checked | None:
    """For a spreadsheet no loader knows: a column per field, values for every row, a preview
    of the first grants with their warnings, and saving the mapping as a preset."""
    st.markdown("**Map its columns**: which column holds each field, and what every row shares.")
    with state.shown_errors():
        header, first = upload.headers_and_rows(data, name)
    st.dataframe(pd.DataFrame(first, columns=header), hide_index=True)
    cols = st.columns(3)
    columns = {
        f: cols[i % 3].selectbox(
            f, ["", *(h for h in header if not h.startswith("(column"))], key=f"d_map_{f}"
        )
        for i, f in enumerate(ingest.GRANT_FIELDS)
    }
    st.markdown("Values for every row")
    cols = st.columns(4)
    constants = {
        f: cols[i].text_input(f"{f} for every row", key=f"d_set_{f}")
        for i, f in enumerate(("currency", "country", "funder", "programme"))
    }
    if not columns["organisation"]:
        st.info("Choose at least the organisation's column.")
        return None
    chosen = upload.mapping(columns, constants)
    checked = upload.check(data, name, strict=strict, mapping=chosen)
    if checked.error:
        st.error(plain(checked.error))
        return None
    st.dataframe(pd.DataFrame(upload.preview(checked)).fillna(""), hide_index=True)
    preset = st.text_input("Preset name", key="d_preset_name")
    if preset and st.button("Save as preset", key="d_preset"):
        saved = upload.save_preset(chosen, preset)
        st.success(f"Saved {saved.name}: lists with these columns are now read by it.")
    return checked


if given is not None:
    checked = upload.check(
        given.getvalue(),
        given.name,
        None if fmt == "(detect)" else fmt,
        strict,
        None if programme == "(from the file)" else programme,
        store=db,
    )
    if checked.issues:
        issues_table(checked.issues)
    if checked.error:
        st.error(plain(checked.error))
        if checked.mappable:
            checked = mapping_step(given.getvalue(), given.name) or checked
    if not checked.error:
        notice = st.empty()  # one message about this file: checked, then loaded
        loaded = st.session_state.get("d_loaded") == given.file_id
        records = len(checked.result.records)
        notice.success(
            f"{given.name} is in the graph."
            if loaded
            else f"{given.name}: {records} records read as {checked.format}, "
            f"{len(checked.issues)} issue(s). Nothing has been written yet."
        )
        slot = st.empty()  # the button, gone once the file is loaded
        if not loaded and slot.button("Load into the graph", type="primary", key="d_load"):
            slot.empty()
            bar = st.progress(0.0, text="Writing…")
            with state.shown_errors():
                report = upload.load(
                    db.store,
                    checked,
                    lambda stage, done, total: bar.progress(done / max(total, 1), text=stage),
                )
            db.refresh()
            st.session_state["d_loaded"] = given.file_id
            bar.empty()
            notice.success(
                f"Loaded {report.nodes} nodes and {report.relationships} relationships "
                f"from {report.file}."
            )

st.subheader("Templates")
for path in sorted((PROJECT_ROOT / "data" / "templates").glob("*-template.*")):
    st.download_button(
        f"Download {path.name}", path.read_bytes(), file_name=path.name, key=f"t_{path.name}"
    )

st.subheader("Export the graph")
st.caption("GraphML and GEXF open in Gephi, Kumu takes the XLSX, JSON re-imports losslessly.")
cols = st.columns(len(registry.EXPORTS))
for col, (name, kind) in zip(cols, registry.EXPORTS.items(), strict=True):
    col.download_button(
        kind.label,
        lambda name=name: export.to_bytes(db.store, name),
        file_name=kind.file_name("graph"),
        mime=kind.mime,
        key=f"x_{name}",
        on_click="ignore",
    )
