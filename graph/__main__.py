"""``python -m graph``.

The neo4j driver imports pandas and pyarrow, when installed, only for DataFrame results, which
the CLI never asks for: half a second of every command. The CLI is imported without them
(they stay importable afterwards, for the commands that use pandas themselves).
"""

import sys

_UNUSED = [name for name in ("pandas", "pyarrow") if name not in sys.modules]
sys.modules.update(dict.fromkeys(_UNUSED))
try:
    from graph.cli import main
finally:
    for _name in _UNUSED:
        del sys.modules[_name]

main()
