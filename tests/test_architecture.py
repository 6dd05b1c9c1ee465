"""Layer arrows point one way: the core never imports the edges (our tidy test).

Walks every module under src/bankwire with ``ast`` and fails on an import that points the
wrong way, and on any I/O library (sqlalchemy, fastapi, httpx ...) imported by the core.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "bankwire"

BASE = {"money", "ids", "errors", "clock", "xmlsafe", "compiled", "frozen"}
# Area -> the bankwire areas it may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "money": {"errors"},
    "ids": {"errors"},
    "errors": set(),
    "clock": set(),
    "xmlsafe": set(),
    "compiled": set(),
    "frozen": set(),
    "messages": BASE,
    "network": BASE | {"messages"},
    "sanctions": BASE,
    "policy": BASE | {"sanctions"},
    "cases": BASE | {"sanctions", "policy"},
    "ledger": BASE,
    "flows": BASE
    | {"messages", "network", "sanctions", "policy", "cases", "ledger", "store", "transports"},
}
EDGES = {
    "store", "transports", "api", "web", "cli", "settings", "__init__", "__main__", "demo",
    "bundled",
}  # fmt: skip
CORE_FORBIDDEN_LIBRARIES = {
    "sqlalchemy", "fastapi", "starlette", "httpx", "uvicorn", "click", "rich", "nats",
    "psycopg", "requests", "platformdirs",
}  # fmt: skip


def _area(path: Path) -> str:
    relative = path.relative_to(SRC)
    return relative.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_layers_point_one_way() -> None:
    violations: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        area = _area(path)
        if area in EDGES:
            continue
        assert area in ALLOWED, f"{path}: area {area!r} has no place in the layer table"
        # Store and transport *ports* (base.py) are what flows may import.
        for line, module in _imports(path):
            top = module.split(".")[0]
            if top in CORE_FORBIDDEN_LIBRARIES:
                violations.append(f"{path.relative_to(SRC)}:{line} core imports {module}")
            if top != "bankwire":
                continue
            target = module.split(".")[1] if "." in module else "__init__"
            target = target.removesuffix(".py")
            if target == area:
                continue
            if area == "flows" and target in {"store", "transports"}:
                if module not in {"bankwire.store.base", "bankwire.transports.base"}:
                    violations.append(f"{path.relative_to(SRC)}:{line} flows imports {module}")
                continue
            if target not in ALLOWED[area]:
                violations.append(f"{path.relative_to(SRC)}:{line} {area} imports {module}")
    assert violations == []


def test_public_api_is_complete() -> None:
    """Everything ``bankwire`` exports is named in ``__all__`` and importable (httpx)."""
    import bankwire

    public = {name for name in vars(bankwire) if not name.startswith("_")}
    submodules = {name for name in public if type(getattr(bankwire, name)).__name__ == "module"}
    assert sorted(public - submodules - {"annotations"}) == sorted(
        set(bankwire.__all__) - {"__version__"}
    )
