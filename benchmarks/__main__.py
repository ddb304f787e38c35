"""Run every benchmark (or the one named) and print one line per figure."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = sorted(
        m.name[len("bench_") :]
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )
    wanted = argv or names
    unknown = [n for n in wanted if n not in names]
    if unknown:
        print(
            f"unknown benchmark: {', '.join(unknown)} (have: {', '.join(names)})", file=sys.stderr
        )
        return 2
    over = 0
    with tempfile.TemporaryDirectory(prefix="labdesk-bench-") as tmp:
        os.environ.setdefault("LABDESK_DATA_DIR", str(Path(tmp) / "data"))
        for name in wanted:
            module = importlib.import_module(f"benchmarks.bench_{name}")
            folder = Path(tmp) / name
            folder.mkdir()
            try:
                figures = module.run(folder)
            except Exception as exc:  # one benchmark failing (or too slow) must not hide the rest
                print(f"{name}: failed: {type(exc).__name__}: {exc}", flush=True)
                over += 1
                continue
            for figure in figures:
                print(figure.line(), flush=True)
                over += not figure.ok
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
