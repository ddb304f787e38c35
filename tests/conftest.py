"""Shared fixtures: a fresh workshop file per test, an isolated data folder, Qt offscreen."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Without a display Qt aborts the whole run unless it is told to draw offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Settings (recent files, window geometry) go to a folder of the run's, never the user's: for
# this process (Qt reads it when settings are first used) and for every app a test starts.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="labdesk-tests-config-")

# Real-format attendee lists the tests read, kept in the repository (tests/data/README.md).
SAMPLES = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def _session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the run (the demo day is built once), never the user's."""
    return tmp_path_factory.mktemp("labdesk-cache")


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    _session_cache_dir: Path,
) -> Path:
    """Logs, backups and demo copies go to a temporary folder, never the user's."""
    folder = tmp_path_factory.mktemp("labdesk-data")
    monkeypatch.setenv("LABDESK_DATA_DIR", str(folder))
    monkeypatch.setenv("LABDESK_CACHE_DIR", str(_session_cache_dir))
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


# The demo day starts at 09:30 on 17 September 2026: the services' fake clock starts there.
DEMO_START = dt.datetime(2026, 9, 17, 9, 30).timestamp()


@pytest.fixture
def make_services(qsettings_isolated: None) -> Iterator[Callable[..., Any]]:
    """make_services(doc, clock=None, screens=None, primary=None): the open workshop's services
    (labdesk.gui.services) over a held file, on a FakeClock at the demo day's start unless told;
    each is shut down after the test, in its order (server, projector, timer, file). Ask for
    the file's fixture before this one, so the services let go of the file first."""
    from labdesk.core.timer import FakeClock
    from labdesk.gui.services import Services, Surroundings

    made: list[Services] = []

    def make(doc: Any, clock: Any = None, screens: Any = None, primary: Any = None) -> Services:
        around = Surroundings(clock or FakeClock(DEMO_START), screens, primary)
        services = Services(doc, around)
        made.append(services)
        return services

    yield make
    for services in reversed(made):
        services.shutdown()


@pytest.fixture
def services(demo_file: Any, make_services: Callable[..., Any]) -> Any:
    """The services over a fresh copy of the demo workshop (shut down before the file's own
    fixture lets go of it)."""
    return make_services(demo_file)


@pytest.fixture
def finish(qtbot: Any) -> Callable[[Any], Any]:
    """finish(operation): wait until a background operation (labdesk.gui.operations) has come
    back to the GUI thread and been dealt with; returns it."""

    def wait(operation: Any) -> Any:
        assert operation is not None
        qtbot.waitUntil(lambda: operation.finished, timeout=120_000)
        return operation

    return wait
