"""The moderated feedback summary for the projector: counts, rating bars, chosen comments.

Everything is painted with QPainter.drawText, which never interprets markup, so whatever an
attendee typed shows as the characters they typed. Use FeedbackSummaryWidget in a window, or
render_summary() for a QImage the projector can show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from labdesk.core.feedback import SessionTally
from labdesk.core.model import FeedbackResponse
from labdesk.gui.style import load_fonts

RATING_LABELS = ["Poor", "Fair", "Good", "Very good", "Excellent"]
MAX_COMMENTS = 4
INK = QColor("#111111")
PAPER = QColor("#ffffff")
BAR = QColor("#1d4f91")
MUTED = QColor("#444444")


@dataclass
class SummaryData:
    """What the projector may show for one session: only counts and comments chosen by hand."""

    title: str
    tally: SessionTally = field(default_factory=SessionTally)
    comments: list[str] = field(default_factory=list)


def comments_to_show(responses: list[FeedbackResponse]) -> list[str]:
    """The chosen, not hidden, comments, each as one quoted text."""
    texts: list[str] = []
    for r in responses:
        if r.hidden or not r.chosen:
            continue
        parts = [r.worked, r.change, *r.answers.values()]
        text = " · ".join(p for p in parts if p.strip())
        if text:
            texts.append(text)
    return texts


def paint_summary(painter: QPainter, rect: QRectF, data: SummaryData) -> None:
    """Lay the summary out in rect; font sizes follow its height so it reads across a room."""
    painter.save()
    painter.fillRect(rect, PAPER)
    unit = max(8.0, rect.height() / 22)
    margin = unit * 1.2
    x, y = rect.left() + margin, rect.top() + margin
    width = rect.width() - 2 * margin
    bottom = rect.bottom() - margin

    families = load_fonts()  # the bundled font, wherever the system has none of its own

    def font(size: float, bold: bool = False) -> QFont:
        f = QFont(families[0] if families else "DejaVu Sans")
        f.setPixelSize(max(6, int(size)))
        f.setBold(bold)
        return f

    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    painter.setPen(INK)
    painter.setFont(font(unit * 1.5, True))
    used = painter.boundingRect(QRectF(x, y, width, unit * 4), flags, data.title)
    painter.drawText(QRectF(x, y, width, used.height()), flags, data.title)
    y += used.height() + unit * 0.5

    t = data.tally
    average = "no ratings yet" if t.average is None else f"average {t.average:.1f} out of 5"
    painter.setFont(font(unit))
    painter.setPen(MUTED)
    line = f"{t.responses} response{'s' if t.responses != 1 else ''} · {average}"
    painter.drawText(QRectF(x, y, width, unit * 1.6), flags, line)
    y += unit * 1.9

    # Rating bars: the number and the label beside each bar, so colour is never the only signal.
    label_w = width * 0.28
    count_w = width * 0.16  # "12 · 40%"
    bar_w = width - label_w - count_w - unit
    most = max(t.ratings) or 1
    painter.setFont(font(unit * 0.9))
    for n in range(4, -1, -1):
        row_h = unit * 1.35
        painter.setPen(INK)
        painter.drawText(
            QRectF(x, y, label_w, row_h),
            int(Qt.AlignmentFlag.AlignVCenter),
            f"{n + 1} {RATING_LABELS[n]}",
        )
        length = bar_w * t.ratings[n] / most
        painter.fillRect(QRectF(x + label_w, y + row_h * 0.15, length, row_h * 0.7), BAR)
        rated = sum(t.ratings)
        share = f" · {round(100 * t.ratings[n] / rated)}%" if rated else ""
        painter.drawText(
            QRectF(x + label_w + length + unit * 0.3, y, count_w + unit, row_h),
            int(Qt.AlignmentFlag.AlignVCenter),
            f"{t.ratings[n]}{share}",  # the spread of ratings, not only the mean
        )
        y += row_h
    y += unit * 0.6

    painter.setFont(font(unit * 0.95))
    painter.setPen(INK)
    left_out = 0
    for n, text in enumerate(data.comments[:MAX_COMMENTS]):
        quoted = f"“{text}”"
        need = painter.boundingRect(QRectF(x, y, width, rect.height()), flags, quoted)
        if y + need.height() > bottom - unit * 1.2:  # a comment is shown whole or not at all
            left_out = len(data.comments[:MAX_COMMENTS]) - n
            break
        painter.drawText(QRectF(x, y, width, need.height()), flags, quoted)
        y += need.height() + unit * 0.5
    left_out += max(0, len(data.comments) - MAX_COMMENTS)
    if left_out:
        painter.setPen(MUTED)
        painter.setFont(font(unit * 0.8))
        more = f"and {left_out} more comment{'s' if left_out != 1 else ''} chosen"
        painter.drawText(QRectF(x, y, width, unit * 1.2), flags, more)
    painter.restore()


def render_summary(data: SummaryData, size: QSize | None = None) -> QImage:
    """The summary as an image (for the projector window, or to save); 1280×720 unless told."""
    size = size or QSize(1280, 720)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(PAPER)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    paint_summary(painter, QRectF(0, 0, size.width(), size.height()), data)
    painter.end()
    return image


class FeedbackSummaryWidget(QWidget):
    """A live preview of the projector summary (16:9)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = SummaryData("Choose a session")
        self.image: QImage | None = None  # the data drawn already (off the GUI thread), if any
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Projector summary preview")

    def set_data(self, data: SummaryData, image: QImage | None = None) -> None:
        """Show data; image: the same, drawn already at box_size() (render_summary)."""
        self.data, self.image = data, image
        self.setAccessibleDescription(
            f"{data.title}: {data.tally.responses} responses, {len(data.comments)} comments chosen"
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 270)

    def _box(self) -> QRectF:
        w, h = self.width(), self.height()
        if w * 9 > h * 16:
            return QRectF((w - h * 16 / 9) / 2, 0, h * 16 / 9, h)
        return QRectF(0, (h - w * 9 / 16) / 2, w, w * 9 / 16)

    def box_size(self) -> QSize:
        """The size the summary is drawn at, inside the grey margins (16:9)."""
        return self._box().size().toSize()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self._box()
        painter.fillRect(self.rect(), QColor("#d0d0d0"))
        if self.image is not None and self.image.size() == box.size().toSize():
            painter.drawImage(box.topLeft(), self.image)  # drawn already: one copy
        else:
            paint_summary(painter, box, self.data)
        painter.end()
