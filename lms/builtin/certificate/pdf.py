"""The certificate as a PDF: A4 landscape, rendered on request from the stored snapshot.

Deterministic: the same certificate gives the same bytes every time (the creation date is
the issue date; nothing depends on the request). The text is Indonesian whatever the
interface language of the person downloading it: it is an official document, not a page.

Fonts are fpdf2's core Helvetica (no font files, no network): it covers Latin-1 only, so
every text goes through :func:`latin1`, which maps typographic punctuation and strips the
accents Latin-1 lacks ("O’Brien" -> "O'Brien", "Nguyễn" -> "Nguyen") instead of failing.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, tzinfo

import segno
from fpdf import FPDF

from lms.builtin.certificate.models import Certificate

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")
BRAND = (31, 95, 139)
INK = (33, 37, 41)
MUTED = (90, 98, 106)
PAGE_W, PAGE_H = 297.0, 210.0
TEXT_W = 237.0  # the width of centred text between the frames
QR_SIZE = 34.0  # mm, quiet zone included: scans from paper and from a phone screen
SEAM = 0.02  # mm

_PUNCTUATION = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2026": "...", "\u2022": "-", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "",
    "\u202f": " ", "\u2060": "", "\ufeff": "",
    # letters that do not decompose into a Latin-1 letter and an accent
    "\u0141": "L", "\u0142": "l", "\u0110": "D", "\u0111": "d", "\u0126": "H", "\u0127": "h",
    "\u0131": "i", "\u0152": "OE", "\u0153": "oe", "\u0166": "T", "\u0167": "t",
})


def latin1(text: str | None) -> str:
    """``text`` reduced to what the core fonts can print (Latin-1), as close as possible."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text)).translate(_PUNCTUATION)
    out = []
    for char in text:
        if unicodedata.category(char) == "Cc":
            out.append(" ")
            continue
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(plain.encode("latin-1", "ignore").decode("latin-1") or "?")
    return "".join(out)


def long_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def number_id(value: float) -> str:
    """Indonesian decimal comma, without a useless ``,0``: 10 -> "10", 87.5 -> "87,5"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_nip(nip: str) -> str:
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}" if len(nip) == 18 and nip.isdigit() else nip


class _Certificate(FPDF):
    def centred(self, y: float, text: str, size: float, style: str = "", color: tuple[int, int, int] = INK,
                min_size: float = 8.0) -> None:
        """One line, centred; the font shrinks (down to ``min_size``) until it fits."""
        text = latin1(text)
        self.set_font("Helvetica", style, size)
        while size > min_size and self.get_string_width(text) > TEXT_W:
            size -= 0.5
            self.set_font("Helvetica", style, size)
        self.set_text_color(*color)
        self.set_xy((PAGE_W - TEXT_W) / 2, y)
        self.cell(TEXT_W, size * 0.45, text, align="C")

    def paragraph(self, y: float, text: str, size: float, style: str = "", width: float = TEXT_W,
                  color: tuple[int, int, int] = INK, max_lines: int = 2) -> float:
        """Centred lines (at most ``max_lines``, shrinking the font to fit); returns the y below."""
        text = latin1(text)
        while True:
            self.set_font("Helvetica", style, size)
            lines = self.multi_cell(width, size * 0.5, text, align="C", dry_run=True, output="LINES")
            if len(lines) <= max_lines or size <= 7:
                break
            size -= 0.5
        self.set_text_color(*color)
        self.set_xy((PAGE_W - width) / 2, y)
        self.multi_cell(width, size * 0.5, text, align="C")
        return self.get_y()

    def qr(self, x: float, y: float, payload: str) -> None:
        """The QR code as vector squares (sharp at any zoom, no image decoding)."""
        code = segno.make(payload, error="m", micro=False)
        matrix = code.matrix
        modules = len(matrix) + 8  # a 4-module quiet zone on every side
        step = QR_SIZE / modules
        self.set_fill_color(255, 255, 255)
        self.rect(x, y, QR_SIZE, QR_SIZE, style="F")
        self.set_fill_color(0, 0, 0)
        for row, cells in enumerate(matrix):
            col = 0
            while col < len(cells):
                if not cells[col]:
                    col += 1
                    continue
                start = col
                while col < len(cells) and cells[col]:
                    col += 1
                # a hair wider and taller than the module: no seams between neighbours on screen
                self.rect(x + (start + 4) * step, y + (row + 4) * step, (col - start) * step + SEAM, step + SEAM,
                          style="F")
        self.link(x, y, QR_SIZE, QR_SIZE, payload)


def render(certificate: Certificate, verify_url: str, zone: tzinfo) -> bytes:
    """The PDF of ``certificate``; its QR code (and a link over it) opens ``verify_url``.
    ``zone`` is the site's time zone, for the dates of issue and expiry."""
    c = certificate
    pdf = _Certificate(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creation_date(c.issued_at.astimezone(UTC))
    pdf.set_title(latin1(f"Sertifikat {c.number}"))
    pdf.set_author(latin1(c.issuer))
    pdf.set_subject(latin1(c.course_title))
    pdf.set_creator("Sinau")
    pdf.set_lang("id")
    pdf.add_page()

    # frame
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, PAGE_W - 22, PAGE_H - 22)

    pdf.centred(19, c.issuer.upper(), 12, "B", BRAND)
    pdf.centred(28, "SERTIFIKAT", 30, "B", BRAND)
    pdf.centred(43, f"Nomor: {c.number}", 11, "", MUTED)
    pdf.centred(53, "diberikan kepada", 11, "I", MUTED)
    pdf.centred(60, c.name, 22, "B")
    pdf.centred(72, f"NIP {format_nip(c.nip)}", 11)
    person = " - ".join(p for p in (c.rank, c.position) if p)
    if person:
        pdf.centred(78, person, 11)
    place = ", ".join(dict.fromkeys(p for p in (c.unit, c.agency) if p))  # once when they are the same
    if place:
        pdf.centred(84, place, 11)
    pdf.centred(94, "telah menyelesaikan kursus e-learning", 11, "I", MUTED)
    y = pdf.paragraph(100, c.course_title, 16, "B")
    span = (long_date(c.started_on) if c.started_on == c.finished_on
            else f"{long_date(c.started_on)} s.d. {long_date(c.finished_on)}")
    result = f" dengan nilai {number_id(c.score)}" if c.score is not None else ""
    y = pdf.paragraph(y + 3, f"pada {span}, sebanyak {number_id(c.jp)} JP (jam pelajaran){result}", 11)
    if c.competencies:
        listed = ", ".join(f"{k['name']} (level {k['level']})" for k in c.competencies)
        y = pdf.paragraph(y + 1.5, f"Kompetensi: {listed}", 10, color=MUTED)
    if c.expires_at is not None:
        until = long_date(c.expires_at.astimezone(zone).date())
        pdf.paragraph(y + 1.5, f"Berlaku sampai dengan {until}", 10, color=MUTED)

    # verification, bottom left
    qr_x, qr_y = 22.0, PAGE_H - 22 - QR_SIZE - 8
    pdf.qr(qr_x, qr_y, verify_url)
    pdf.set_text_color(*MUTED)
    pdf.set_font("Helvetica", "", 8)
    pdf.set_xy(qr_x, qr_y + QR_SIZE + 0.5)
    pdf.cell(110, 4, "Pindai kode QR untuk memeriksa keaslian sertifikat ini:")
    pdf.set_xy(qr_x, qr_y + QR_SIZE + 4.5)
    pdf.set_font("Helvetica", "", 7)
    pdf.cell(110, 3.5, latin1(verify_url), link=verify_url)

    # signature, bottom right
    sign_w, sign_x = 95.0, PAGE_W - 22 - 95.0
    pdf.set_text_color(*INK)
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(sign_x, 140)
    pdf.cell(sign_w, 5, f"Diterbitkan pada {long_date(c.issued_at.astimezone(zone).date())}", align="C")
    pdf.set_xy(sign_x, 146)
    pdf.multi_cell(sign_w, 4.5, latin1(c.signer_title), align="C")
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_xy(sign_x, 176)
    pdf.cell(sign_w, 5, latin1(c.signer_name) or "", align="C")
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.2)
    pdf.line(sign_x + 12, 181.5, sign_x + sign_w - 12, 181.5)
    return bytes(pdf.output())

