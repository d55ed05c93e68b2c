"""``python -m graph`` (see :mod:`graph.cli`)."""

from graph.cli import main

main()
