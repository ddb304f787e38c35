"""Postcard PDFs as the organiser prints them: sizes, text, fonts, duplex order, artwork once."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from labdesk.cli import main
from labdesk.printing import blank_cards
from labdesk.printing import postcards as pc
from labdesk.store import postcards as store_postcards
from labdesk.store import workshop as store_workshop
from tests import pdf_inspect as pdf

DESIGN = pc.Design(workshop="Insights to action", date=dt.date(2026, 9, 17), venue="The Hub, Leeds")


def face(name: str, action: str = "Try Troika Consulting with my team") -> pc.CardFace:
    return pc.CardFace(
        name=name,
        address_lines=["1 High Street", "Leeds", "LS1 1AA"],
        action=action,
        who="My team",
        by_when="October",
    )


def test_a5_pages_are_landscape_a5_with_front_then_back(tmp_path: Path):
    out = tmp_path / "cards.pdf"
    pages = pc.render(out, [face("Llŷr Evans"), face("Aoife Ó Súilleabháin")], DESIGN, flip="short")
    assert pages == 4
    assert pdf.page_sizes_mm(out) == [(210, 148)] * 4
    text = pdf.texts(out)
    # fronts: artwork side with title, workshop and date; backs: message, address, stamp
    assert "My commitment" in text[0] and "Insights to action" in text[0]
    assert "17 September 2026" in text[0]
    assert "Llŷr Evans" in text[1] and "Try Troika Consulting" in text[1]
    assert "You wrote this on 17 September 2026 at The Hub, Leeds." in text[1].replace("\n", " ")
    assert "LS1 1AA" in text[1] and "Stamp" in text[1]
    assert "Aoife Ó Súilleabháin" in text[3]
    assert "Llŷr" not in text[3]


def test_every_font_is_embedded_and_names_in_any_script_print(tmp_path: Path):
    out = tmp_path / "names.pdf"
    names = ["Zoë Nowak", "Ольга Петрова", "陈美玲", "प्रिया शर्मा", "Γιώργος", "ਹਰਪ੍ਰੀਤ"]
    pc.render(out, [face(n) for n in names], DESIGN, flip="short")
    assert pdf.unembedded_fonts(out) == []
    fonts, _ = pdf.fonts_and_images(out)
    base_fonts = " ".join(str(f.get("/BaseFont")) for f in fonts.values())
    assert "Helvetica" not in base_fonts
    assert "DroidSansFallback" in base_fonts and "NotoSansDevanagari" in base_fonts
    backs = pdf.texts(out)[1::2]
    for name, back in zip(names[:3], backs, strict=False):
        assert name in back
    # Devanagari is shaped: "प्रि" is one conjunct with its vowel sign, narrower than its letters
    # side by side (its glyphs have no code of their own, so a text extractor sees the rest only)
    assert "या श" in backs[3]
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from labdesk.printing import fonts as printing_fonts

    letters = sum(stringWidth(ch, "LabDevanagari", 10) for ch in "प्रि")
    assert printing_fonts.width("प्रि", 10) < letters


def test_artwork_is_stored_once_whatever_the_number_of_cards(tmp_path: Path):
    few, many = tmp_path / "few.pdf", tmp_path / "many.pdf"
    pc.render(few, [face(f"Person {n}") for n in range(2)], DESIGN)
    pc.render(many, [face(f"Person {n}") for n in range(40)], DESIGN)
    assert len(pdf.fonts_and_images(few)[1]) == 1
    assert len(pdf.fonts_and_images(many)[1]) == 1
    artwork = pc.resource("artwork", "postcard.jpg").stat().st_size
    per_card = (many.stat().st_size - few.stat().st_size) / 38
    assert per_card < artwork / 4  # each extra card adds its text, never another picture


def test_long_edge_flipping_turns_a5_backs_upside_down(tmp_path: Path):
    out = tmp_path / "long.pdf"
    pc.render(out, [face("Zoë Nowak")], DESIGN, flip="long")
    assert "Zoë Nowak" not in pdf.texts(out, 0)[1]
    assert "Zoë Nowak" in pdf.texts(out, 180)[1]
    assert "My commitment" in pdf.texts(out, 0)[0]  # fronts stay upright


def _y_of(page, needle: str) -> float:
    return next(y for text, y in pdf.text_positions(page) if needle in text)


def test_two_up_keeps_each_back_behind_its_front(tmp_path: Path):
    long_, short = tmp_path / "long.pdf", tmp_path / "short.pdf"
    faces = [face("Top Card"), face("Bottom Card"), face("Third Card")]
    assert pc.render(long_, faces, DESIGN, layout="a4-2up", flip="long") == 4
    pc.render(short, faces, DESIGN, layout="a4-2up", flip="short")
    assert pdf.page_sizes_mm(long_) == [(210, 297)] * 4
    middle = 297 * pdf.PT_PER_MM / 2
    # long edge (a portrait sheet turned like a book page): backs upright, top stays on top
    back = pdf.reader(long_).pages[1]
    assert "Top Card" in pdf.texts(long_, 0)[1]
    assert _y_of(back, "Top Card") > middle > _y_of(back, "Bottom Card")
    # short edge: the sheet turns over top to bottom, so the back page is upside down and the
    # first card's back is printed in the bottom half, where it lands behind its front
    back = pdf.reader(short).pages[1]
    assert "Top Card" in pdf.texts(short, 180)[1]
    assert _y_of(back, "Top Card") < middle < _y_of(back, "Bottom Card")
    # the odd card out gets its own sheet
    assert "Third Card" in pdf.texts(long_)[3]


def test_hostile_commitment_prints_in_full(tmp_path: Path):
    out = tmp_path / "long.pdf"
    action = " ".join(f"step{n}" for n in range(700))
    pc.render(out, [face("Ann Long", action)], DESIGN, flip="short")
    front, back = pdf.texts(out)
    assert "continued on the other side" in back
    assert "continued from the other side" in front
    words = set((front + " " + back).split())
    assert all(f"step{n}" in words for n in range(700))


def test_replaced_artwork_is_used(demo_file, tmp_path: Path):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, "PNG")
    store_workshop.set_asset(demo_file, "postcard_artwork", "image/png", buffer.getvalue())
    out = tmp_path / "art.pdf"
    cards = store_postcards.load_all(demo_file)
    pc.render(out, pc.faces_from(cards[:2]), pc.design_for(demo_file))
    _, images = pdf.fonts_and_images(out)
    (image,) = [pdf.reader(out).get_object(i) for i in images]
    assert (int(image["/Width"]), int(image["/Height"])) == (40, 20)


def test_cli_prints_only_new_cards_and_marks_them(demo_file, tmp_path: Path, capsys):
    path = str(demo_file.path)
    out = tmp_path / "cards.pdf"
    n = len(store_postcards.load_all(demo_file))
    assert main(["postcards", path, "-o", str(out)]) == 0
    assert f"{n} postcards (9 to post) on {2 * n} pages" in capsys.readouterr().out
    assert all(c.printed for c in store_postcards.load_all(demo_file))
    assert "Siân Jones" in "".join(pdf.texts(out, 180))  # backs turned for long-edge
    # a second run has nothing new: it says so rather than reprinting
    assert main(["postcards", path, "-o", str(tmp_path / "again.pdf")]) == 2
    assert "--all" in capsys.readouterr().err
    assert not (tmp_path / "again.pdf").exists()
    assert main(["postcards", path, "-o", str(out), "--all", "--layout", "a4-2up"]) == 0
    assert pdf.page_sizes_mm(out) == [(210, 297)] * n


def test_cli_new_cards_only(demo_file, tmp_path: Path, capsys):
    cards = store_postcards.load_all(demo_file)
    store_postcards.mark_printed(demo_file, [c.id for c in cards[:-1]])
    out = tmp_path / "one.pdf"
    assert main(["postcards", str(demo_file.path), "-o", str(out)]) == 0
    assert "1 postcard " in capsys.readouterr().out
    assert len(pdf.texts(out)) == 2
    assert cards[-1].name in pdf.texts(out, 180)[1]


def test_cli_postable_only_holds_consenting_cards_with_addresses(demo_file, tmp_path: Path):
    out = tmp_path / "post.pdf"
    assert main(["postcards", str(demo_file.path), "-o", str(out), "--postable"]) == 0
    backs = pdf.texts(out, 180)[1::2]
    assert len(backs) == 9
    assert not any("Ruth Fuchs" in b for b in backs)  # no consent


@pytest.mark.parametrize("bad", [["-o", "x.txt"], ["-o", "/no/such/folder/x.pdf"]])
def test_cli_bad_output_is_one_line(demo_file, bad, capsys):
    assert main(["postcards", str(demo_file.path), *bad]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_blank_cards_carry_the_prompts_and_the_phone_form(demo_file, tmp_path: Path, capsys):
    out = tmp_path / "blank.pdf"
    assert (
        main(
            [
                "postcards",
                str(demo_file.path),
                "-o",
                str(out),
                "--blank",
                "--count",
                "3",
                "--host",
                "10.42.0.1",
                "--port",
                "8080",
                "--layout",
                "a4-2up",
            ]
        )
        == 0
    )
    assert "3 blank commitment cards on 4 pages" in capsys.readouterr().out
    text = pdf.texts(out)
    assert "What will you do?" in text[1] and "By when?" in text[1] and "Stamp" in text[1]
    assert pdf.unembedded_fonts(out) == []
    _, images = pdf.fonts_and_images(out)
    assert len(images) == 2  # the artwork and the QR code, each once
    token = store_workshop.web_token(demo_file)
    assert blank_cards.commitment_url(token, "10.42.0.1", 8080) == (
        f"http://10.42.0.1:8080/{token}/card"
    )


def test_blank_card_qr_opens_the_served_card_form(demo_file, tmp_path: Path):
    """GIVEN the phone server running, a blank card printed for its address scans to the form."""
    import httpx
    import zxingcpp
    from pypdf import PdfReader

    from labdesk.web.server import AttendeeServer

    server = AttendeeServer(demo_file.path, "127.0.0.1", 0)
    server.start()
    try:
        out = tmp_path / "blank.pdf"
        blank_cards.render_for(demo_file, out, count=1, host="127.0.0.1", port=server.port)
        reader = PdfReader(str(out))
        images = [img.image for img in reader.pages[1].images]
        decoded = [r.text for img in images for r in zxingcpp.read_barcodes(img)]
        assert decoded == [server.card_url]
        page = httpx.get(decoded[0], timeout=10)
        assert page.status_code == 200
        assert "commitment" in page.text.lower() and "<form" in page.text
    finally:
        server.stop()


def test_right_to_left_names_print_joined_and_in_reading_order(tmp_path: Path):
    from labdesk.printing import fonts

    assert fonts.visual("דוד כהן") == "ןהכ דוד"  # drawn left to right: the first word on the right
    arabic = fonts.visual("نور الحسن")
    assert all(0xFE70 <= ord(ch) <= 0xFEFF or ch == " " for ch in arabic)  # joined letter forms
    assert fonts.visual("Zoë Nowak") == "Zoë Nowak"
    out = tmp_path / "rtl.pdf"
    pc.render(out, [face("نور الحسن"), face("דוד כהן")], DESIGN, flip="short")
    backs = pdf.texts(out)[1::2]
    # a PDF reader reads the joined forms back in logical order
    assert "ﻧﻮﺭ ﺍﻟﺤﺴﻦ" in backs[0] and "דוד כהן" in backs[1]
    assert pdf.unembedded_fonts(out) == []
    # and the glyphs go onto the page in visual order
    drawn = []

    class Text:
        def setFont(self, *args):
            pass

        def textOut(self, piece):
            drawn.append(piece)

        def getX(self):
            return 0.0

    class Canvas:
        def beginText(self, x, y):
            return Text()

        def drawText(self, obj):
            pass

    fonts.draw(Canvas(), 0, 0, "דוד כהן", 10)
    assert "".join(drawn) == "ןהכ דוד"


def test_cli_never_prints_addresses_past_the_retention_date(demo_file, tmp_path: Path):
    store_workshop.set_setting(demo_file, "retention_date", "2020-01-01")
    out = tmp_path / "cards.pdf"
    assert main(["postcards", str(demo_file.path), "-o", str(out)]) == 0
    assert "ST5 4UR" not in "".join(pdf.texts(out, 180))
    assert all(c.address == "" for c in store_postcards.load_all(demo_file))
