"""Commitment cards from phones: one a phone, and none reaches a registered person's address
on someone else's word: only their badge code on the phone, or the facilitator's tick."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from labdesk.core.posting import mailing_csv
from labdesk.store import attendees as store_attendees
from labdesk.store import commitments as store_commitments
from labdesk.store import postcards as store_postcards
from labdesk.store.checkins import Scanner
from labdesk.web.server import AttendeeServer
from tests.webphone import Phone, path_of

LATER = dt.date(2027, 1, 1)  # every card's post-on date has come


@pytest.fixture
def server(demo_file) -> Iterator[AttendeeServer]:  # type: ignore[no-untyped-def]
    srv = AttendeeServer(demo_file.path, "127.0.0.1", 0)
    srv.start()
    yield srv
    srv.stop()


def _card(name: str, email: str = "", **more: str) -> dict[str, str]:
    return {
        "action": f"Prank for {name}",
        "name": name,
        "email": email,
        "consent_post": "yes",
        "use_registered_address": "yes",
        **more,
    }


def _postcards_of(doc, attendee_id: int):  # type: ignore[no-untyped-def]
    return [c for c in store_postcards.load_all(doc) if c.card.attendee_id == attendee_id]


def test_one_phone_sends_ten_cards_in_five_names_and_nothing_is_posted(server, demo_file):
    """GIVEN one phone that drops its cookie before each post, WHEN it sends ten cards naming
    five registered attendees with "use my registered address", THEN it has one card (each
    post edited it), matched but unconfirmed: no address on it, not due, not on the list."""
    people = [a for a in store_attendees.load_all(demo_file) if a.address][:5]
    before = store_commitments.count(demo_file)
    due_before = store_postcards.due_count(demo_file, LATER)
    phone = Phone(server.origin, "127.0.8.1")
    url = path_of(server.card_url)
    for n in range(10):
        phone.client.cookies.clear()
        phone.get(url)
        person = people[n % 5]
        assert phone.post(url, _card(person.name, person.email)).status_code == 303
    assert store_commitments.count(demo_file) == before + 1
    card = store_commitments.get_for_phone(demo_file.con, "card:none", "127.0.8.1")
    assert card is not None and card.action == f"Prank for {people[4].name}"
    assert card.attendee_id == people[4].id and not card.confirmed
    postcard = next(c for c in store_postcards.load_all(demo_file) if c.id == card.id)
    assert postcard.address == "" and not postcard.postable
    assert postcard.state == "Not posting: not confirmed as theirs"
    assert store_postcards.due_count(demo_file, LATER) == due_before
    assert people[4].address.splitlines()[0] not in mailing_csv(store_postcards.load_all(demo_file))
    again = phone.get(url)
    assert "This phone has already sent a card" in again.text  # a fresh cookie, same phone


def test_their_own_badge_code_on_the_phone_confirms_it(server, demo_file):
    person = next(a for a in store_attendees.load_all(demo_file) if a.address and a.email)
    code = Scanner(demo_file).badge_code(person.id or 0)
    phone = Phone(server.origin, "127.0.8.2")
    url = path_of(server.card_url)
    phone.get(url)
    wrong = phone.post(
        url, _card(person.name, badge_code=code[:-1] + ("A" if code[-1] != "A" else "B"))
    )
    assert wrong.status_code == 422
    assert "That is not the code of a badge for this workshop" in wrong.text
    assert 'aria-invalid="true"' in wrong.text
    assert store_commitments.get_for_phone(demo_file.con, "x", "127.0.8.2") is None
    typed = " ".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()  # as printed
    assert phone.post(url, _card("whoever", badge_code=typed)).status_code == 303
    card = store_commitments.get_for_phone(demo_file.con, "x", "127.0.8.2")
    assert card is not None and card.attendee_id == person.id and card.confirmed_by == "badge"
    postcard = next(c for c in store_postcards.load_all(demo_file) if c.id == card.id)
    assert postcard.postable and postcard.address == person.address.strip()
    assert "confirmed as yours" in phone.get(url).text
    # Sent again without the code, for the same person: still confirmed.
    assert phone.post(url, _card(person.name, person.email)).status_code == 303
    assert store_commitments.get_for_phone(demo_file.con, "x", "127.0.8.2").confirmed


def test_a_card_naming_nobody_registered_goes_to_the_address_written_on_it(server, demo_file):
    phone = Phone(server.origin, "127.0.8.3")
    url = path_of(server.card_url)
    phone.get(url)
    form = _card("Nobody Registered", address="1 New Road\nLeeds\nLS1 1AA")
    form.pop("use_registered_address")
    assert phone.post(url, form).status_code == 303
    card = store_commitments.get_for_phone(demo_file.con, "x", "127.0.8.3")
    assert card is not None and card.attendee_id is None and not card.names_someone
    postcard = next(c for c in store_postcards.load_all(demo_file) if c.id == card.id)
    assert postcard.postable and postcard.address_lines == ["1 New Road", "Leeds", "LS1 1AA"]


def test_the_facilitators_tick_in_the_review_list_confirms_it(
    qtbot, server, demo_file, make_services
):
    from labdesk.gui.areas.feedback import AreaWidget

    person = next(a for a in store_attendees.load_all(demo_file) if a.address and a.email)
    phone = Phone(server.origin, "127.0.8.4")
    url = path_of(server.card_url)
    phone.get(url)
    assert phone.post(url, _card(person.name, person.email)).status_code == 303
    area = AreaWidget(make_services(demo_file))
    qtbot.addWidget(area)
    cards = area.cards
    cards.only_review.setChecked(True)
    model = cards.model
    row = next(
        r for r in range(model.rowCount()) if model.rows[r][0].action == f"Prank for {person.name}"
    )
    column = next(n for n, c in enumerate(model.columns) if c.header == "Confirmed")
    index = model.index(row, column)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "not yet"
    assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    card = store_commitments.get_for_phone(demo_file.con, "x", "127.0.8.4")
    assert card is not None and card.confirmed_by == "facilitator"
    postcard = next(c for c in store_postcards.load_all(demo_file) if c.id == card.id)
    assert postcard.postable and postcard.address == person.address.strip()
    qtbot.waitUntil(
        lambda: all(r[0].id != card.id for r in cards.model.rows), timeout=3000
    )  # off the list of cards to check
