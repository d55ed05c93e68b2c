"""``python -m graph review``: what waits for a person's review (near-duplicates, facts)."""

from __future__ import annotations

import typer

from graph.cli.common import JsonOpt, emit_json, open_store, out, print_rows

commands = typer.Typer()


@commands.command("review")
def pending(json_out: JsonOpt = False) -> None:
    """Near-duplicate organisations and facts read from documents that nobody has reviewed yet.

    Decisions are made in the app's Review page and kept in the review file (GRAPH_REVIEWS).
    """
    from graph.io import review  # the resolver's imports: only for this command

    with open_store(quiet=json_out) as store:
        found = review.pending(store, store.settings.reviews_path)
    if json_out:
        emit_json(found)
        return
    print_rows(found["duplicates"], title="possible duplicates")
    rows = [
        {k: f[k] for k in ("document", "f", "start_name", "end_name", "role")}
        for f in found["facts"]
    ]
    print_rows(rows, title="facts read from documents")
    out.print(f"{len(found['duplicates'])} pairs and {len(found['facts'])} facts to review")
