"""The layering rules hold: checked by import-linter and by reading domain/ imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept() -> None:
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_domain_imports_only_the_standard_library_and_eventsourcing_domain() -> None:
    allowed_prefixes = ("domain", "eventsourcing.domain", "__future__")
    offenders = [
        f"{path.name}: {name}"
        for path in (ROOT / "domain").glob("*.py")
        for name in _imported_modules(path)
        if not name.startswith(allowed_prefixes)
        and name.split(".")[0] not in sys.stdlib_module_names
    ]
    assert offenders == []


def test_importing_every_module_opens_no_database_connection() -> None:
    probe = (
        "import gc, pkgutil, importlib\n"
        "for pkg in ('domain', 'application', 'infrastructure', 'api'):\n"
        "    for m in pkgutil.walk_packages(importlib.import_module(pkg).__path__, pkg + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "import psycopg, sqlite3\n"
        "kinds = (psycopg.Connection, sqlite3.Connection)\n"
        "print(sum(isinstance(o, kinds) for o in gc.get_objects()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "0"
