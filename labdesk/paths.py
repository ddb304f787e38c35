"""Find ui/ and resources/ the same way in a checkout, an installed wheel and a PyInstaller bundle."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def _root_of(name: str) -> Path:
    candidates = [
        _PACKAGE / name,  # installed wheel: ui/ and resources/ are packed inside labdesk/
        _PACKAGE.parent / name,  # checkout (and editable install)
    ]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"labdesk cannot find its {name}/ folder (looked in {candidates})")


def resource(*parts: str) -> Path:
    """A file under resources/, e.g. resource("fonts", "DejaVuSans.ttf")."""
    return _root_of("resources").joinpath(*parts)


def ui_file(name: str) -> Path:
    """A Qt Designer form under ui/, e.g. ui_file("about.ui")."""
    return _root_of("ui") / name


def cache_dir() -> Path:
    """The user's labdesk cache: what labdesk can make again from its own resources (the demo
    day, built once), never anything from a workshop. Created owner-only."""
    return _user_folder("LABDESK_CACHE_DIR", "user_cache_dir")


def data_dir() -> Path:
    """The user's labdesk data folder (logs, backups, demo copies), created owner-only."""
    return _user_folder("LABDESK_DATA_DIR", "user_data_dir")


def _user_folder(override: str, kind: str) -> Path:
    """The folder the environment variable override names (tests), else platformdirs' kind."""
    named = os.environ.get(override)
    if named:
        path = Path(named)
    else:
        import platformdirs

        path = Path(getattr(platformdirs, kind)("labdesk", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
