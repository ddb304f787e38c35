"""Shared fixtures: a fresh workshop file per test, an isolated data folder, Qt offscreen."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Without a display Qt aborts the whole run unless it is told to draw offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Real-format attendee lists the tests read, kept in the repository (tests/data/README.md).
SAMPLES = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Logs, backups and demo copies go to a temporary folder, never the user's."""
    folder = tmp_path_factory.mktemp("labdesk-data")
    monkeypatch.setenv("LABDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def workshop_file(tmp_path: Path) -> Iterator[WorkshopFile]:  # noqa: F821
    """A fresh, empty workshop file, held open (with the instance lock) for the test."""
    from labdesk.store import create

    doc = create(tmp_path / "test.labdesk", "Test workshop", dt.date(2026, 9, 17), venue="Room 1")
    yield doc
    doc.close(take_backup=False)


@pytest.fixture
def demo_file(tmp_path: Path) -> Iterator[WorkshopFile]:  # noqa: F821
    """A fresh copy of the demo workshop, held open for the test."""
    from labdesk.store.demo import create_demo

    doc = create_demo(tmp_path / "demo.labdesk")
    yield doc
    doc.close(take_backup=False)


@pytest.fixture
def qsettings_isolated(tmp_path: Path) -> Iterator[None]:
    """QSettings (recent files, window geometry) written to a temporary folder."""
    from PySide6.QtCore import QCoreApplication, QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    QCoreApplication.setOrganizationName("labdesk-tests")
    QCoreApplication.setApplicationName("labdesk-tests")
    yield
