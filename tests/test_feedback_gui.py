"""The Feedback area: live responses from phones (a burst of them too), moderation, projector
summary, cards, QR codes."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt

from labdesk.core.feedback import takes_feedback
from labdesk.core.model import FeedbackResponse
from labdesk.gui import feedback_data
from labdesk.gui.areas.feedback import AreaWidget
from labdesk.gui.feedback_summary import SummaryData, render_summary
from labdesk.store import commitments as store_commitments
from labdesk.store import feedback as store_feedback
from tests.webphone import Phone, RawPhone, path_of

XSS = "<b>bold</b><img src=x onerror=alert(1)>"


@pytest.fixture
def area(qtbot, services) -> Iterator[AreaWidget]:  # type: ignore[no-untyped-def]
    widget = AreaWidget(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    return widget


def start(qtbot, area: AreaWidget) -> None:  # type: ignore[no-untyped-def]
    area.start_server("127.0.0.1", 0)
    qtbot.waitUntil(lambda: area.server is not None and not area.phones.busy, timeout=15000)


def table_text(model) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(
        str(model.data(model.index(r, c)))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    )


def test_a_phones_post_shows_up_in_the_app(qtbot, area: AreaWidget) -> None:
    start(qtbot, area)
    assert area.server.host == "127.0.0.1"
    assert area.server_panel.url.text() == area.server.url
    phone = Phone(area.server.origin)
    session3 = next(i for i in area._items if i.title.startswith("Session 3"))
    url = path_of(area.server.session_url(session3.id))
    phone.get(url)
    assert phone.post(url, {"rating": "5", "worked": XSS, "p0": "my stem"}).status_code == 303
    qtbot.waitUntil(lambda: XSS in table_text(area.comments), timeout=5000)
    assert "my stem" in table_text(area.comments)  # the session's own prompts show too
    assert "50 responses" in area.total.text()


def test_attendee_text_is_shown_as_typed_never_as_markup(qtbot, area: AreaWidget) -> None:
    card = store_commitments.load_all(area.doc)[0]
    card.action, card.name = XSS, XSS
    store_commitments.upsert(area.doc, card, "xss-card")
    area.refresh()
    assert XSS in table_text(area.cards.model)  # item views paint DisplayRole as plain text
    cards = area.cards
    qtbot.keyClicks(cards.who_is, XSS)
    qtbot.keyClick(cards.who_is, Qt.Key.Key_Return)
    qtbot.keyClicks(cards.action, XSS)
    qtbot.mouseClick(cards.add, Qt.MouseButton.LeftButton)
    assert XSS in cards.note.text()
    for label in (
        cards.note,
        cards.summary,
        area.total,
        area.server_panel.url,
        area.server_panel.state,
        area.server_panel.wifi_caption,
    ):
        assert label.textFormat() == Qt.TextFormat.PlainText
    plain = render_summary(SummaryData("x", comments=[XSS]), QSize(640, 360))
    marked = render_summary(SummaryData("x", comments=["bold"]), QSize(640, 360))
    assert plain != marked  # the tags are drawn as characters, not swallowed as markup


def test_hide_and_choose_comments_for_the_projector(qtbot, area: AreaWidget) -> None:
    area.select_session(next(i.id for i in area._items if i.title.startswith("Session 1")))
    assert area.comments.rowCount() > 2
    area.comment_view.selectRow(0)
    first = area.selected_comment()
    assert first is not None
    qtbot.mouseClick(area.choose_button, Qt.MouseButton.LeftButton)
    assert first.worked in " ".join(area.summary_data().comments)
    area.comment_view.selectRow(0)
    qtbot.mouseClick(area.hide_button, Qt.MouseButton.LeftButton)
    stored = next(r for r in store_feedback.load_all(area.doc) if r.id == first.id)
    assert stored.hidden and not stored.chosen
    assert area.summary_data().comments == []
    assert "hidden" in table_text(area.comments)
    assert not area.summary_image(QSize(800, 450)).isNull()


def test_the_summary_on_the_projector_redraws_as_posts_arrive_and_comments_are_chosen(
    qtbot, area: AreaWidget
) -> None:
    from labdesk.core.model import FeedbackResponse

    session = next(i.id for i in area._items if i.title.startswith("Session 1"))
    area.select_session(session)
    area.summary_button.click()
    presenter = area.services.presenter
    first = presenter.show.picture
    assert first is not None and presenter.showing(area.SUMMARY)
    before = area.summary_data().tally.ratings[:]
    # A phone posts a 5 (through the file, as the server would): the projector catches up.
    store_feedback.upsert(area.doc, FeedbackResponse(session, 5, worked="Troika worked"))
    qtbot.waitUntil(lambda: presenter.show.picture is not first, timeout=5000)
    assert area.summary_data().tally.ratings[4] == before[4] + 1
    posted = presenter.show.picture
    # Choosing a comment redraws it too; hiding it takes it off again.
    area.comment_view.selectRow(0)
    area.choose_button.click()
    assert presenter.show.picture is not posted and area.summary_data().comments
    chosen = presenter.show.picture
    area.comment_view.selectRow(0)
    area.hide_button.click()
    assert presenter.show.picture is not chosen and area.summary_data().comments == []


def test_paper_card_typed_in_at_the_desk(qtbot, area: AreaWidget) -> None:
    code = area.doc.con.execute(
        "SELECT code FROM ticket_codes JOIN attendees a ON a.id = attendee_id"
        " WHERE a.name = 'Zoë Nowak'"
    ).fetchone()[0]
    cards = area.cards
    area.tabs.setCurrentWidget(cards)
    qtbot.keyClicks(cards.who_is, code)
    qtbot.keyClick(cards.who_is, Qt.Key.Key_Return)
    assert cards.person.currentText().startswith("Zoë Nowak")
    qtbot.keyClicks(cards.action, "Call the pain clinic")
    qtbot.keyClicks(cards.talk_to, "Consultant")
    qtbot.keyClick(cards.talk_to, Qt.Key.Key_Return)
    card = store_commitments.load_all(area.doc)[-1]
    assert (card.action, card.source, card.match_status) == (
        "Call the pain clinic",
        "paper",
        "matched",
    )
    assert card.use_registered_address and card.consent_post
    assert cards.who_is.text() == "" and "Added the card for Zoë Nowak" in cards.note.text()
    # The list says how it was confirmed, in words: "on paper", "by their badge code".
    area.refresh()
    confirmed = next(i for i, c in enumerate(cards.model.columns) if c.header == "Confirmed")
    said = {
        cards.model.rows[r][0].name: cards.model.index(r, confirmed).data()
        for r in range(cards.model.rowCount())
    }
    assert said["Zoë Nowak"] == "on paper"
    assert said["Siân Jones"] == "by their badge code"


def test_review_list_confirms_whose_card_it_is(qtbot, area: AreaWidget) -> None:
    cards = area.cards
    cards.only_review.setChecked(True)
    area.refresh()
    assert cards.model.rowCount() == 2
    row = next(r for r in range(2) if cards.model.rows[r][0].name == "Ruth Fuchs")
    cards.view.selectRow(cards.proxy.mapFromSource(cards.model.index(row, 0)).row())
    qtbot.waitUntil(cards.confirm.isEnabled)  # the people it may name are found on a worker
    options = [cards.candidates.itemText(i) for i in range(cards.candidates.count())]
    assert any(o.startswith("Ruth Fuchs") for o in options)
    assert any(o.startswith("Hannah Cohen") for o in options)
    cards.candidates.setCurrentIndex(next(i for i, o in enumerate(options) if o.startswith("Ruth")))
    qtbot.mouseClick(cards.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cards.model.rowCount() == 1, timeout=3000)
    assert len(store_commitments.needs_review(area.doc)) == 1


def test_qr_codes_for_the_projector_decode_to_the_wifi_and_the_url(qtbot, area: AreaWidget) -> None:
    import zxingcpp
    from PIL import Image

    phones = area.phones
    assert phones.codes() == []  # nothing to scan while the server is off
    seen: list[int] = []
    phones.codes_changed.connect(lambda: seen.append(1))
    area.server_panel.ssid.setText("LabDesk")
    area.server_panel.password.setText("s3cret;pw")
    area.server_panel.password.editingFinished.emit()
    start(qtbot, area)
    codes = phones.codes()
    assert [code.caption for code in codes] == [
        "1. Join Wi-Fi LabDesk\nPassword: s3cret;pw",  # typed out, for phones that cannot scan
        f"2. Give feedback\nor type {area.server.url}",
    ]
    texts = [zxingcpp.read_barcodes(Image.open(io.BytesIO(c.png)))[0].text for c in codes]
    assert texts == ["WIFI:T:WPA;S:LabDesk;P:s3cret\\;pw;;", area.server.url]
    assert seen
    corner = area.services.projector.canvas.show_value.corner
    assert corner is not None and corner.png == codes[-1].png  # the same code, in the corner
    from labdesk.store import workshop as store_workshop

    assert store_workshop.get_setting(area.doc, "hotspot_password") == "s3cret;pw"


def test_stopping_the_server_from_the_app(qtbot, area: AreaWidget) -> None:
    import httpx

    start(qtbot, area)
    origin = area.server.origin
    area.toggle_server()
    qtbot.waitUntil(lambda: not area.phones.busy, timeout=15000)
    assert area.server is None and area.server_panel.start_stop.text() == "Start the phone server"
    with pytest.raises(httpx.ConnectError):
        httpx.get(origin + "/")


def test_networks_offered_never_include_all_interfaces(area: AreaWidget) -> None:
    addresses = [
        area.server_panel.network.itemData(i) for i in range(area.server_panel.network.count())
    ]
    assert "127.0.0.1" in addresses and "0.0.0.0" not in addresses


def test_closing_the_workshop_stops_the_phone_server(qtbot, qsettings_isolated, tmp_path) -> None:
    import httpx
    from PySide6.QtCore import QCoreApplication, QEvent

    from labdesk.gui.main_window import MainWindow
    from labdesk.store.demo import create_demo

    window = MainWindow()
    qtbot.addWidget(window)
    doc = create_demo(tmp_path / "day.labdesk")
    window.attach(doc)
    area = window.show_area("feedback")
    assert isinstance(area, AreaWidget)
    start(qtbot, area)
    origin = area.server.origin
    assert httpx.get(area.server.url).status_code == 200
    window.close_workshop()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def refused() -> bool:
        try:
            httpx.get(origin + "/", timeout=1)
        except httpx.ConnectError:
            return True
        return False

    qtbot.waitUntil(refused, timeout=15000)


# -- a burst of phones: every response shows, read on the area's own reader ----------------
PHONES = 120


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
    qtbot.waitUntil(lambda: area.projected_summary() == area.summary_data(), timeout=10000)
    projected = area.projected_summary()
    assert projected is not None and projected.tally.responses == total
    assert presenter.show.picture is not None and presenter.showing(area.SUMMARY)
    assert area.summary.image is not None  # the preview was drawn on the reader
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


def test_posts_still_show_when_the_reader_cannot_read(qtbot: Any, area: AreaWidget) -> None:
    read = area.source.read

    def failing(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name == "labdesk-feedback":
            raise OSError("disk I/O error")
        return read(*args, **kwargs)

    area.source.read = failing  # type: ignore[method-assign]
    session = next(i.id for i in area._items if takes_feedback(i))
    before = store_feedback.count(area.doc)
    store_feedback.upsert(area.doc, FeedbackResponse(session, 5, worked="Read here instead"))
    area.session.look_now()
    qtbot.waitUntil(lambda: "Read here instead" in _comments(area), timeout=5000)
    assert area.total.text().startswith(f"{before + 1} responses")


def test_a_comment_redacted_from_the_area_reads_as_edited(qtbot, area: AreaWidget) -> None:
    """Redact…: the comment's words as they are, each in its own box, and once saved the file
    and the table have the edited words."""
    from PySide6.QtWidgets import QPlainTextEdit

    area.select_session(next(i.id for i in area._items if i.title.startswith("Session 1")))
    area.comment_view.selectRow(0)
    chosen = area.selected_comment()
    assert chosen is not None and chosen.worked
    dialog = area.redact_dialog()
    assert dialog is not None and dialog.windowTitle() == "Redact a comment"
    worked = dialog.findChild(QPlainTextEdit, "worked")
    assert worked.toPlainText() == chosen.worked
    worked.setPlainText("Talking with [removed] helped.")
    dialog.accept()
    qtbot.waitUntil(
        lambda: (
            next(r for r in store_feedback.load_all(area.doc) if r.id == chosen.id).worked
            == "Talking with [removed] helped."
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: "Talking with [removed] helped." in table_text(area.comments))
