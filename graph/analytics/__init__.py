"""Analytics: what the graph says, computed in Python from one read of the store.

- ``portfolio``: everything analytics need, read from the store at once (:class:`Portfolio`);
- ``networks``: filters (:class:`NetworkFilter`) and the derived co-partnership and bipartite
  networks;
- ``measures``, ``communities``, ``tables``: centrality and brokerage (networkx, igraph at
  scale), Louvain communities, and the ranked tables people read;
- ``flows``: money from funders through programmes and projects to organisations and places;
- ``partners/``: the partner finder (index, score, reasons);
- ``registry``: the measures people can pick, by name (the CLI, the app and the README follow it);
- ``summary``, ``lookup``: the app's small totals, and finding entities by what a person types.

Pure functions over networkx graphs with explicit ``weight=`` and ``seed=``; imports
``graph.model`` and, to read, ``graph.store``. A new measure goes in ``measures`` (its
computation in ``tables``, its name in ``registry``).
"""
