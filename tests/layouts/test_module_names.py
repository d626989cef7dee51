"""Every module of the harness has a name of its own: a file name says which room it is and what it holds, so a
traceback, a grep or an editor tab never leaves the reader guessing which `model.py` it means.

Only the package markers (`__init__`, `__main__`) repeat.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import harness

PACKAGE_MARKERS = {"__init__", "__main__"}


def modules_by_name(root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        if path.stem not in PACKAGE_MARKERS:
            found[path.stem].append(str(path.relative_to(root.parent)))
    return found


def test_no_two_harness_modules_share_a_name() -> None:
    shared = {name: paths for name, paths in modules_by_name(Path(harness.__file__).parent).items() if len(paths) > 1}
    assert not shared, "modules sharing a name: " + "; ".join(f"{name}: {', '.join(p)}" for name, p in shared.items())


def test_the_check_sees_a_shared_name(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    for room in ("a", "b"):
        (package / room).mkdir(parents=True)
        (package / room / "model.py").write_text("")
        (package / room / "__init__.py").write_text("")
    assert modules_by_name(package)["model"] == ["pkg/a/model.py", "pkg/b/model.py"]
    assert "__init__" not in modules_by_name(package)
