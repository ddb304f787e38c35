"""A burst of phones while the Feedback area is open and its summary is on the projector: every
response shows in the area and on the projector, read on the area's own reader thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSize

from labdesk.core.feedback import takes_feedback
from labdesk.core.model import FeedbackResponse
from labdesk.gui import feedback_data
from labdesk.gui.areas.feedback import AreaWidget
from labdesk.store import feedback as store_feedback
from tests.webphone import RawPhone, path_of

PHONES = 120


@pytest.fixture
def area(qtbot, services) -> Iterator[AreaWidget]:  # type: ignore[no-untyped-def]
    widget = AreaWidget(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    return widget


def _burst(port: int, paths: list[str], texts: list[str]) -> list[int]:
    """Each phone (its own address) opens its session's form and posts once, all at once."""

    async def one(n: int) -> int:
        phone = RawPhone("127.0.0.1", port, f"127.0.31.{1 + n}")
        try:
            await phone.get(paths[n % len(paths)])
            form = {"rating": str(1 + n % 5), "worked": texts[n], "change": ""}
            return await phone.post(paths[n % len(paths)], form)
        finally:
            phone.close()

    async def every() -> list[int]:
        return list(await asyncio.gather(*(one(n) for n in range(len(texts)))))

    return asyncio.run(every())


def _comments(area: AreaWidget) -> set[str]:
    return {r.worked for _, r in area.comments.rows}


def test_every_response_of_a_burst_shows_in_the_area_and_on_the_projector(
    qtbot: Any, area: AreaWidget
) -> None:
    area.summary_button.click()  # the whole day's summary, live on the projector
    presenter = area.services.presenter
    assert presenter.showing(area.SUMMARY)
    readers: set[str] = set()
    read = area.source.read

    def watched(*args: Any, **kwargs: Any) -> Any:
        readers.add(threading.current_thread().name)
        return read(*args, **kwargs)

    area.source.read = watched  # type: ignore[method-assign]
    area.start_server("127.0.0.1", 0)
    qtbot.waitUntil(lambda: area.server is not None and not area.phones.busy, timeout=15000)
    server = area.server
    assert server is not None
    items = [i for i in area._items if takes_feedback(i) and i.id is not None]
    paths = [path_of(server.session_url(i.id or 0)) for i in items]
    before = store_feedback.count(area.doc)
    texts = [f"burst phone {n}" for n in range(PHONES)]
    statuses: list[int] = []
    phones = threading.Thread(target=lambda: statuses.extend(_burst(server.port, paths, texts)))
    phones.start()
    qtbot.waitUntil(lambda: not phones.is_alive(), timeout=60000)
    assert statuses == [303] * PHONES

    total = before + PHONES
    qtbot.waitUntil(lambda: area.total.text().startswith(f"{total} responses"), timeout=10000)
    qtbot.waitUntil(lambda: set(texts) <= _comments(area), timeout=10000)
    # The projector shows the summary as it is now: every response counted.
    qtbot.waitUntil(lambda: presenter.show.picture == area.summary_image(), timeout=10000)
    assert presenter.showing(area.SUMMARY)
    assert area.summary_data().tally.responses == total
    assert "labdesk-feedback" in readers  # the live readings were the reader thread's

    # Each session counts its own phones, and lists their words once chosen.
    stored = store_feedback.tallies(area.doc)
    for n, item in enumerate(items):
        assert item.id is not None
        area.select_session(item.id)
        summary = area.summary_data()
        assert summary.title == item.title
        assert summary.tally.responses == stored[item.id].responses
        assert set(texts[n :: len(items)]) <= _comments(area)


def test_a_comment_chosen_stays_chosen_while_the_newest_push_the_oldest_out(
    qtbot: Any, area: AreaWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feedback_data, "RECENT_COMMENTS", 10)
    area.refresh(full=True)
    assert len(area.comments.rows) <= 10  # the newest of every session
    session = next(i.id for i in area._items if takes_feedback(i))
    resets: list[int] = []
    area.comments.modelReset.connect(lambda: resets.append(1))

    def post(words: list[str]) -> None:
        """Phones post (through the file, as the server does); the area follows them."""
        for text in words:
            store_feedback.upsert(area.doc, FeedbackResponse(session, 4, worked=text))
        area.session.look_now()
        qtbot.waitUntil(lambda: words[-1] in _comments(area), timeout=5000)

    post([f"later {n}" for n in range(6)])
    chosen = area.comments.rows[-1][1]
    assert chosen.worked == "later 5"
    area.comment_view.selectRow(
        area.comment_proxy.mapFromSource(area.comments.index(len(area.comments.rows) - 1, 0)).row()
    )
    post([f"later {n}" for n in range(6, 11)])  # more than twice 10: the oldest go
    assert [r.worked for _, r in area.comments.rows] == [f"later {n}" for n in range(1, 11)]
    assert area.selected_comment() == chosen  # still chosen, where it was
    assert not resets  # dropped from the top: the table was never rebuilt
    assert not area.summary_image(QSize(640, 360)).isNull()


def test_a_session_clicked_shows_its_comments_read_on_the_reader(
    qtbot: Any, area: AreaWidget
) -> None:
    from PySide6.QtCore import Qt

    readers: list[str] = []
    read = area.source.read

    def watched(*args: Any, **kwargs: Any) -> Any:
        readers.append(threading.current_thread().name)
        return read(*args, **kwargs)

    area.source.read = watched  # type: ignore[method-assign]
    row = next(n for n, (i, _) in enumerate(area.sessions.rows) if i.title.startswith("Session 1"))
    item = area.sessions.rows[row][0]
    said = [r for r in store_feedback.load_for_item(area.doc, item.id or 0) if r.worked or r.change]
    expected = {r.worked for r in said}
    assert len(said) > 2
    view = area.session_view
    cell = view.visualRect(area.session_proxy.mapFromSource(area.sessions.index(row, 0)))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    assert area.selected_item_id() == item.id
    assert area.summary_data().title == item.title  # its counts at once
    qtbot.waitUntil(lambda: _comments(area) == expected, timeout=5000)
    assert readers == ["labdesk-feedback"]  # its comments were read on the reader
    assert area.comment_view.isColumnHidden(0)  # one session: no column naming it
