"""Small dialogs of the File menu: workshop details and opening a backup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from labdesk.core import retention as core_retention
from labdesk.gui.forms import load_form
from labdesk.store import WorkshopFile
from labdesk.store import backup as store_backup
from labdesk.store import retention as store_retention
from labdesk.store import workshop as store_workshop


def edit_workshop_details(doc: WorkshopFile, parent: QWidget | None = None) -> bool:
    """Show the details form for doc; on OK write every change at once. True when saved."""
    w = store_workshop.load(doc)
    dialog = load_form("workshop_details.ui", parent)
    assert isinstance(dialog, QDialog)
    title = dialog.findChild(QLineEdit, "title")
    date = dialog.findChild(QDateEdit, "date")
    venue = dialog.findChild(QLineEdit, "venue")
    organiser = dialog.findChild(QLineEdit, "organiser")
    start = dialog.findChild(QTimeEdit, "dayStart")
    end = dialog.findChild(QTimeEdit, "dayEnd")
    ssid = dialog.findChild(QLineEdit, "hotspotSsid")
    password = dialog.findChild(QLineEdit, "hotspotPassword")
    retention = dialog.findChild(QDateEdit, "retention")
    buttons = dialog.findChild(QDialogButtonBox, "buttons")
    title.setText(w.title)
    date.setDate(w.date)
    venue.setText(w.venue)
    organiser.setText(w.organiser)
    start.setTime(QTime(w.day_start.hour, w.day_start.minute))
    end.setTime(QTime(w.day_end.hour, w.day_end.minute))
    ssid.setText(str(store_workshop.get_setting(doc, "hotspot_ssid") or ""))
    password.setText(str(store_workshop.get_setting(doc, "hotspot_password") or ""))
    kept = store_retention.retention_date(doc)
    retention.setDate(kept)
    retention.setMinimumDate(w.date)
    retention.setToolTip(
        "From this day labdesk deletes names, emails, addresses, needs and the text of "
        "commitment cards, here and in the backups; the day's counts stay."
    )
    following = {"day": w.date}

    def day_moved(day: dt.date) -> None:
        """A retention date still the default for the day moves with the day."""
        old = following["day"]
        if retention.date().toPython() == old + dt.timedelta(days=core_retention.DEFAULT_DAYS):
            retention.setDate(day + dt.timedelta(days=core_retention.DEFAULT_DAYS))
        retention.setMinimumDate(day)
        following["day"] = day

    date.dateChanged.connect(lambda q: day_moved(q.toPython()))
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    title.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    chosen = retention.date().toPython()
    if chosen != kept and core_retention.is_due(chosen, dt.date.today()):
        sure = QMessageBox.question(
            parent,
            "Delete personal data now?",
            f"{chosen:%d %B %Y} is today or has passed, so labdesk deletes the personal data "
            "in this workshop now: names, emails, addresses, needs and the text of commitment "
            "cards, here and in its backups. This cannot be undone.",
        )
        if sure != QMessageBox.StandardButton.Yes:
            return False
    w.title = " ".join(title.text().split())
    w.date = date.date().toPython()
    w.venue = venue.text().strip()
    w.organiser = organiser.text().strip()
    w.day_start = start.time().toPython().replace(second=0, microsecond=0)
    w.day_end = end.time().toPython().replace(second=0, microsecond=0)
    store_workshop.save(doc, w)
    store_workshop.set_setting(doc, "hotspot_ssid", ssid.text().strip())
    store_workshop.set_setting(doc, "hotspot_password", password.text())
    store_retention.set_retention_date(doc, chosen)
    return True


def choose_backup(paths: list[Path], parent: QWidget | None = None) -> Path | None:
    """List the backups of the given workshop files, newest first; return the one chosen."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Open a backup")
    dialog.resize(560, 380)
    listing = QListWidget()
    for path in paths:
        for taken in store_backup.list_backups(path):
            stamp = dt.datetime.fromtimestamp(taken.stat().st_mtime)
            item = QListWidgetItem(f"{path.name}  ·  {stamp:%a %d %b %Y, %H:%M:%S}")
            item.setData(Qt.ItemDataRole.UserRole, str(taken))
            listing.addItem(item)
    hint = QLabel(
        "labdesk keeps a backup every few minutes while a workshop is open, and on closing. "
        "The backup opens as a new copy; the original file is not changed."
        if listing.count()
        else "There are no backups yet of the workshops you opened recently."
    )
    hint.setWordWrap(True)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    listing.itemActivated.connect(lambda _item: dialog.accept())
    buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(listing.count() > 0)
    if listing.count():
        listing.setCurrentRow(0)
    layout = QVBoxLayout(dialog)
    layout.addWidget(hint)
    layout.addWidget(listing)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted or listing.currentItem() is None:
        return None
    return Path(listing.currentItem().data(Qt.ItemDataRole.UserRole))
