"""Data: add sources (checked before anything is written) and take the graph elsewhere."""

import pandas as pd
import streamlit as st

from app import charts, state, upload
from graph.config import PROJECT_ROOT
from graph.io import export, ingest

st.title("Data")

with state.shown_errors():
    graph = state.open_graph()

st.subheader("Add a source")
st.caption(
    "A filled-in template (CSV or XLSX), a document (text or Markdown), IATI XML, 360Giving JSON "
    "or CORDIS. The file is checked first; nothing is written until you load it, and a file "
    "with errors that prevent reading it loads nothing."
)
formats = ["(detect)", *ingest.FORMATS]
fmt = st.selectbox("Format", formats, key="d_format")
strict = st.checkbox("Strict: refuse the whole file if any row has an error", key="d_strict")
given = st.file_uploader(
    "File", type=["csv", "tsv", "xlsx", "txt", "md", "xml", "json"], key="d_file"
)
if given is not None:
    checked = upload.check(given.getvalue(), given.name, None if fmt == "(detect)" else fmt, strict)
    if checked.issues:
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
                    for i in checked.issues
                ]
            ),  # fmt: skip
            hide_index=True,
        )
    if checked.error:
        st.error(charts.plain(checked.error))
    else:
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
                    graph.store, checked,
                    lambda stage, done, total: bar.progress(done / max(total, 1), text=stage),
                )  # fmt: skip
            graph.refresh()
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
cols = st.columns(len(export.EXPORTERS))
for col, name in zip(cols, export.EXPORTERS, strict=True):
    file_name, mime = upload.EXPORT_FILES.get(name, (f"graph.{name}", "application/octet-stream"))
    col.download_button(
        name.upper(),
        lambda name=name: upload.export_bytes(graph.store, name),
        file_name=file_name,
        mime=mime,
        key=f"x_{name}",
        on_click="ignore",
    )
