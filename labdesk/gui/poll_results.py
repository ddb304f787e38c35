"""A poll's results drawn by labdesk for the projector: bars with their counts, a scale's
spread and mean, a word cloud in the bundled fonts, Q&A by votes, the latest open answers. The
figures are always written (colour is never the only signal). `LivePoll` follows the answers
as they arrive and puts the results shown on the projector as a whole-screen picture, redrawn
at most a few times a second however fast the phones post.

Everything is painted as plain text with QPainter: what phones typed is never read as HTML."""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPen

from labdesk.core.polls import PollKind, PollResults
from labdesk.gui.background import emit_from_worker, start_worker
from labdesk.gui.projector import _elide, _fit_font, _font
from labdesk.gui.style import load_fonts
from labdesk.store.changes import Topic

log = logging.getLogger("labdesk.gui")

BACKGROUND = QColor("#0d1117")
INK = QColor("#ffffff")
MUTED = QColor("#b8c0cc")
BAR = QColor("#4f9be8")
TRACK = QColor("#26303d")
WORD_COLOURS = (QColor("#ffffff"), QColor("#ffd23f"), QColor("#8fd3ff"), QColor("#b8f2a6"))
REDRAW_EVERY_MS = 200  # while answers arrive: five redraws a second at most
PROJECTOR_SIZE = QSize(1920, 1080)


# -- drawing -------------------------------------------------------------------------------------


def render_poll(
    results: PollResults,
    size: QSize = PROJECTOR_SIZE,
    caption: str = "",
    code: QImage | None = None,
) -> QImage:
    """The results as the projector shows them, at size. caption: where phones answer; code:
    its QR code, drawn in the top right corner."""
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(BACKGROUND)
    p = QPainter(image)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        paint_poll(p, QRectF(0, 0, size.width(), size.height()), results, caption, code)
    finally:
        p.end()
    return image


def paint_poll(
    p: QPainter, r: QRectF, results: PollResults, caption: str = "", code: QImage | None = None
) -> None:
    h, w = r.height(), r.width()
    m = 0.045 * h
    side = 0.2 * h if code is not None else 0.0
    if code is not None:  # on white, with its quiet zone, so any phone reads it
        box = QRectF(r.right() - m - side, r.top() + m, side, side)
        p.fillRect(box, QColor("#ffffff"))
        p.drawImage(box.adjusted(4, 4, -4, -4), code)
    flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    question = QRectF(r.left() + m, r.top() + m, w - 2 * m - side - (m if side else 0), 0.16 * h)
    p.setPen(INK)
    p.setFont(_fit_font(results.question, question, 0.075 * h, 0.035 * h, True, flags))
    p.drawText(question, flags, results.question)
    status = results.summary + (" · results held" if results.frozen else "")
    if caption:
        status += f" · answer at {caption}"
    p.setPen(MUTED)
    p.setFont(_font(0.036 * h))
    status_w = question.width()  # beside the QR code, never over it
    p.drawText(
        QRectF(r.left() + m, r.top() + m + 0.17 * h, status_w, 0.05 * h),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        _elide(p, status, status_w),
    )
    body = QRectF(r.left() + m, r.top() + m + 0.25 * h, w - 2 * m, h - 2 * m - 0.25 * h)
    kind = PollKind(results.kind)
    if not results.answers:
        p.setPen(MUTED)
        p.setFont(_font(0.05 * h))
        waiting = "No questions yet" if kind is PollKind.QUESTIONS else "No answers yet"
        p.drawText(body, int(Qt.AlignmentFlag.AlignCenter), waiting)
        return
    if kind is PollKind.CHOICES:
        _paint_bars(p, body, results, h)
    elif kind is PollKind.SCALE:
        _paint_spread(p, body, results, h)
    elif kind is PollKind.WORDS:
        _paint_cloud(p, body, results, h)
    elif kind is PollKind.QUESTIONS:
        _paint_asked(p, body, results, h)
    else:
        _paint_texts(p, body, results, h)


def _paint_bars(p: QPainter, body: QRectF, results: PollResults, h: float) -> None:
    """One bar a choice, its letter and label before it, its count and share after it."""
    bars = results.bars
    row = min(body.height() / max(1, len(bars)), 0.12 * h)
    label_w = body.width() * 0.34
    figure_w = body.width() * 0.16
    track_w = body.width() - label_w - figure_w
    top = max(b.share for b in bars) or 1.0
    label_font, figure_font = _font(row * 0.42), _font(row * 0.42, True)
    for n, bar in enumerate(bars):
        y = body.top() + n * row
        p.setPen(INK)
        p.setFont(label_font)
        label = f"{chr(ord('A') + n)}  {bar.label}"
        p.drawText(
            QRectF(body.left(), y, label_w - 0.02 * h, row),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            _elide(p, label, label_w - 0.02 * h),
        )
        track = QRectF(body.left() + label_w, y + row * 0.2, track_w, row * 0.6)
        p.fillRect(track, TRACK)
        if bar.count:
            p.fillRect(
                QRectF(track.left(), track.top(), track_w * bar.share / top, track.height()), BAR
            )
        p.setFont(figure_font)
        p.drawText(
            QRectF(track.right() + 0.02 * h, y, figure_w - 0.02 * h, row),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            f"{bar.count} · {round(100 * bar.share)}%",
        )


def _paint_spread(p: QPainter, body: QRectF, results: PollResults, h: float) -> None:
    """A column a number, low to high, its count over it; the mean written and marked."""
    bars = results.bars
    label_h = 0.07 * h
    mean_h = 0.07 * h
    chart = QRectF(body.left(), body.top() + mean_h, body.width(), body.height() - mean_h - label_h)
    col = chart.width() / max(1, len(bars))
    top = max(b.count for b in bars) or 1
    number_font, count_font = _font(0.045 * h, True), _font(0.036 * h)
    for n, bar in enumerate(bars):
        x = chart.left() + n * col
        height = (chart.height() - 0.06 * h) * bar.count / top
        column = QRectF(x + col * 0.15, chart.bottom() - height, col * 0.7, height)
        p.fillRect(QRectF(x + col * 0.15, chart.bottom() - 2, col * 0.7, 2), TRACK)
        if bar.count:
            p.fillRect(column, BAR)
        p.setPen(INK)
        p.setFont(count_font)
        p.drawText(
            QRectF(x, column.top() - 0.055 * h, col, 0.05 * h),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
            str(bar.count),
        )
        p.setFont(number_font)
        p.drawText(
            QRectF(x, chart.bottom(), col, label_h),
            int(Qt.AlignmentFlag.AlignCenter),
            bar.label,
        )
    if results.average is not None:
        low = int(bars[0].label)
        at = chart.left() + (results.average - low + 0.5) * col
        p.setPen(QPen(QColor("#ffd23f"), max(2.0, 0.004 * h), Qt.PenStyle.DashLine))
        p.drawLine(int(at), int(chart.top()), int(at), int(chart.bottom()))
        p.setPen(INK)
        p.setFont(_font(0.042 * h, True))
        p.drawText(
            QRectF(body.left(), body.top(), body.width(), mean_h),
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter),
            f"Average {results.average:.1f}  (dashed line)",
        )


def _paint_cloud(p: QPainter, body: QRectF, results: PollResults, h: float) -> None:
    """The words in rows from the middle outwards, each sized by how many gave it (the count
    beside it, small), the most given in the middle."""
    words = list(results.words)
    biggest, smallest = 0.14 * h, 0.035 * h
    # Each word measured once, at 100 px: widths grow with the size, so every trial size below
    # is arithmetic, not another pass through the font engine.
    bold, plain = QFontMetricsF(_font(100, True)), QFontMetricsF(_font(100))
    widths = [
        (bold.horizontalAdvance(w.text) / 100, plain.horizontalAdvance(str(w.count)) / 100)
        for w in words
    ]
    scale = 1.0
    for _ in range(12):  # shrink until every word fits
        rows = _cloud_rows(words, widths, body.width(), biggest * scale, smallest * scale)
        if rows is not None and sum(r[1] for r in rows) <= body.height():
            break
        scale *= 0.85
    else:
        rows = _cloud_rows(words, widths, body.width(), biggest * scale, smallest * scale) or []
    # The rows holding the most given go in the middle, the others alternately above and below.
    order: list[int] = []
    for n in range(len(rows)):
        if n % 2:
            order.append(n)
        else:
            order.insert(0, n)
    placed = [rows[n] for n in order]
    total = sum(r[1] for r in placed)
    y = body.top() + max(0.0, (body.height() - total) / 2)
    for items, row_h, row_w in placed:
        x = body.left() + (body.width() - row_w) / 2
        for index, text, px, count_text, word_w, count_w in items:
            p.setPen(WORD_COLOURS[index % len(WORD_COLOURS)])
            p.setFont(_font(px, True))
            p.drawText(
                QRectF(x, y, word_w, row_h),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
            p.setPen(MUTED)
            p.setFont(_font(max(smallest * 0.6, px * 0.32)))
            p.drawText(
                QRectF(x + word_w, y, count_w, row_h * 0.75),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom),
                count_text,
            )
            x += word_w + count_w
        y += row_h


_Row = tuple[list[tuple[int, str, float, str, float, float]], float, float]


def _cloud_rows(
    words: list[Any],
    widths: list[tuple[float, float]],
    width: float,
    biggest: float,
    smallest: float,
) -> list[_Row] | None:
    """Words flowed into rows of width (None if one word is wider than a row); widths: each
    word's and its count's advance per pixel of font size."""
    rows: list[_Row] = []
    items: list[tuple[int, str, float, str, float, float]] = []
    row_w = row_h = 0.0
    gap = smallest * 0.8
    for index, word in enumerate(words):
        px = smallest + (biggest - smallest) * math.sqrt(word.weight)
        word_w = widths[index][0] * px * 1.02  # a little room: hinting differs by size
        count_text = f"{word.count}"
        count_w = widths[index][1] * max(smallest * 0.6, px * 0.32) * 1.02 + gap
        need = word_w + count_w
        if need > width:
            return None
        if items and row_w + need > width:
            rows.append((items, row_h, row_w))
            items, row_w, row_h = [], 0.0, 0.0
        items.append((index, word.text, px, count_text, word_w, count_w))
        row_w += need
        row_h = max(row_h, px * 1.35)
    if items:
        rows.append((items, row_h, row_w))
    return rows


def _paint_asked(p: QPainter, body: QRectF, results: PollResults, h: float) -> None:
    """Questions by votes, each with its count (and "answered" written, not only greyed)."""
    asked = results.asked
    row = 0.1 * h
    shown = asked[: max(1, int(body.height() // row))]
    votes_w = 0.16 * body.width()
    flags = int(
        Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    for n, a in enumerate(shown):
        y = body.top() + n * row
        box = QRectF(body.left(), y + 0.008 * h, body.width(), row - 0.016 * h)
        p.setPen(QPen(QColor("#3d4654"), 2))
        p.setBrush(QColor("#161b22"))
        p.drawRoundedRect(box, 6, 6)
        p.setPen(MUTED if a.answered else INK)
        p.setFont(_font(0.04 * h, True))
        votes = f"▲ {a.votes}"
        p.drawText(
            QRectF(box.left() + 0.02 * h, box.top(), votes_w, box.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            votes,
        )
        text = a.text + ("  ✓ answered" if a.answered else "")
        rect = QRectF(
            box.left() + votes_w, box.top(), box.width() - votes_w - 0.02 * h, box.height()
        )
        p.setFont(_fit_font(text, rect, 0.038 * h, 0.022 * h, False, flags))
        p.drawText(rect, flags, text)
    more = len(asked) - len(shown)
    if more > 0:
        p.setPen(MUTED)
        p.setFont(_font(0.03 * h))
        p.drawText(
            QRectF(body.left(), body.bottom() - 0.04 * h, body.width(), 0.04 * h),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"and {more} more",
        )


def _paint_texts(p: QPainter, body: QRectF, results: PollResults, h: float) -> None:
    """The newest open answers as cards, two columns."""
    texts = results.texts[:8]
    cols = 2
    rows = max(1, math.ceil(len(texts) / cols))
    cell_w, cell_h = body.width() / cols, body.height() / max(rows, 2)
    flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    for n, text in enumerate(texts):
        x = body.left() + (n % cols) * cell_w
        y = body.top() + (n // cols) * cell_h
        box = QRectF(x + 4, y + 4, cell_w - 8, cell_h - 8)
        p.setPen(QPen(QColor("#3d4654"), 2))
        p.setBrush(QColor("#161b22"))
        p.drawRoundedRect(box, 6, 6)
        inner = box.adjusted(0.02 * h, 0.015 * h, -0.02 * h, -0.015 * h)
        p.setPen(INK)
        p.setFont(_fit_font(text, inner, 0.04 * h, 0.02 * h, False, flags))
        p.drawText(inner, flags, text)


# -- following the answers -----------------------------------------------------------------------


class _Drawn(QObject):
    """Lives on the GUI thread; a drawing crosses to it as a queued signal."""

    done = Signal(object, object, bool, float)  # (results or None, image or None, put_up, s)


class LivePoll(QObject):
    """Puts the results shown (labdesk.store.polls.show) on the projector and keeps them up to
    date as answers arrive. A change of the polls marks them stale; a timer asks for a drawing
    at most every REDRAW_EVERY_MS, and one thread of its own (with its own connection to the
    file) reads the results and draws them, so a burst of 500 phones costs the GUI thread a few
    picture swaps a second, never a redraw a post. A key on the clicker takes the picture away
    like any other; showing the results again puts it back. `redrawn(seconds)` tells how long
    each drawing took (on its thread)."""

    redrawn = Signal(float)

    def __init__(
        self,
        services: Any,  # labdesk.gui.services.Services
        caption: Callable[[], str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.caption = caption or (lambda: "")
        self.shown: PollResults | None = None
        self.redraws = 0
        self._image: QImage | None = None
        self._stale = True
        self._asked = False  # a drawing is under way
        self._put_up = False  # … and the next one is to go up even if a key took it away
        self._code: tuple[str, QImage | None] = ("", None)
        self._requests: queue.SimpleQueue[tuple[bool, str] | None] = queue.SimpleQueue()
        self._drawn = _Drawn()
        self._drawn.done.connect(self._arrived)
        self._path = services.session.path
        self._thread: threading.Thread | None = None  # started when first needed
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_EVERY_MS)
        self._timer.timeout.connect(self._ask_if_stale)
        services.session.changed.connect(self._changed)
        self._timer.start()
        # Results shown when the file was opened: drawn once the window is up (a file with no
        # poll shown starts no thread and opens no connection).
        self._stale = self._any_shown()

    def _any_shown(self) -> bool:
        from labdesk.store import polls as store_polls

        con = self.services.doc.con
        return store_polls.has_polls(con) and store_polls.shown_poll(con) is not None

    def _changed(self, topics: Topic) -> None:
        if topics & Topic.POLLS:
            self._stale = True

    def _ask_if_stale(self) -> None:
        if self._stale and not self._asked:
            self.refresh()

    @property
    def on_projector(self) -> bool:
        """The picture the projector shows is these results (no key has taken it away)."""
        picture = self.services.presenter.show.picture
        return self._image is not None and picture is self._image

    @property
    def drawing(self) -> bool:
        """A drawing was asked for and has not arrived yet (or the results are stale)."""
        return self._asked or self._stale

    def refresh(self, *, put_up: bool = False) -> None:
        """Ask for the results shown to be read and drawn (on the drawing thread). put_up:
        put them on the projector even if a key had taken them away."""
        self._put_up = self._put_up or put_up
        if self._asked:
            self._stale = True  # once this drawing is in, another
            return
        self._stale = False
        self._asked = True
        if self._thread is None:
            load_fonts()  # once, here on the GUI thread: the drawing thread only uses them
            self._thread = start_worker("labdesk-poll-results", self._draw_loop)
        self._requests.put((self._put_up, self.caption()))
        self._put_up = False

    # On the drawing thread -------------------------------------------------------------------
    def _draw_loop(self) -> None:
        from labdesk.store import open_workshop
        from labdesk.store import polls as store_polls

        doc = None
        last: PollResults | None = None
        try:
            doc = open_workshop(self._path, lock=False, purpose="poll results")
            while True:
                request = self._requests.get()
                if request is None:
                    break
                put_up, url = request
                started = time.perf_counter()
                image: QImage | None = None
                try:
                    results = (
                        store_polls.shown_results(doc.con)
                        if store_polls.has_polls(doc.con)
                        else None
                    )
                    if results is not None and (results != last or put_up):
                        image = render_poll(results, PROJECTOR_SIZE, url, self._qr(url))
                except Exception:  # the projector keeps what it had; the next change tries again
                    log.exception("the poll results could not be drawn")
                    results = last
                last = results
                if not emit_from_worker(
                    self._drawn.done, results, image, put_up, time.perf_counter() - started
                ):
                    break
        except Exception:
            log.exception("the poll results' drawing thread stopped")
        finally:
            if doc is not None:
                doc.close(take_backup=False)

    def _qr(self, url: str) -> QImage | None:
        """The QR code of the poll's address, made once for each address."""
        if not url:
            return None
        if self._code[0] != url:
            from labdesk.core.qr import qr_png

            image = QImage()
            image.loadFromData(qr_png(url), "PNG")
            self._code = (url, image)
        return self._code[1]

    # Back on the GUI thread --------------------------------------------------------------------
    def _arrived(
        self, results: PollResults | None, image: QImage | None, put_up: bool, seconds: float
    ) -> None:
        self._asked = False
        if self.services.closed:
            return
        presenter = self.services.presenter
        if results is None:
            if self.on_projector:
                presenter.back_to_the_timer()
            self.shown, self._image = None, None
        elif image is not None:
            first = self.shown is None or self.shown.poll_id != results.poll_id
            keep_up = first or put_up or self.on_projector
            self.shown = results
            if keep_up:
                self._image = image
                presenter.show_picture(image)
                self.redraws += 1
                self.redrawn.emit(seconds)
        # Still stale: the timer asks again at its next beat (a few drawings a second at most).

    def stop(self) -> None:
        """The workshop is closing: the drawing thread lets go of its connection."""
        self._timer.stop()
        if self._thread is not None:
            self._requests.put(None)
            self._thread.join(5)
