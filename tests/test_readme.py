"""The README's commands stay true: they are run here as a user would type them."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

from graph.store import Store

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def bash_lines() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.DOTALL)
    return [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]


def test_the_two_commands_are_stated_exactly() -> None:
    lines = bash_lines()
    assert "pip install -r requirements.txt" in lines
    assert "streamlit run streamlit_app.py" in lines
    assert "pytest" in lines
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    runs = [line.strip() for line in ci if line.strip().startswith("pytest")]
    assert runs[0] == "pytest", "CI must run exactly the README's test command first"
    assert runs[1].startswith("pytest -m server"), "then the server tests again on Neo4j"
    assert "pip install -q -r requirements.txt" in ci


def test_readme_cli_examples_run(store: Store, graph_env: dict[str, str]) -> None:
    examples = [line for line in bash_lines() if line.startswith("python -m graph")]
    assert len(examples) >= 3
    outputs = []
    for line in examples:
        args = shlex.split(line)
        args[0] = sys.executable
        done = subprocess.run(
            args, cwd=ROOT, env=graph_env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{line}: {done.stderr}"
        outputs.append(done.stdout)
    stats = json.loads(outputs[1])
    assert stats["nodes"]["Organisation"] > 0 and stats["nodes"]["City"] > 0
    assert "Русе" in outputs[2]  # the organisations based in Ruse, by their own names


def test_every_setting_is_documented() -> None:
    config = (ROOT / "graph" / "config.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env\.get\("([A-Z0-9_]+)"', config))
    assert {"NEO4J_URI", "GRAPH_DATA_DIR"} <= names
    assert [n for n in sorted(names) if f"`{n}`" not in README] == []
