"""An invoice of reimbursable case expenses as a PDF: itemized, with payments received and the balance due."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from casedesk.domain.cases import Case, Client
from casedesk.domain.invoices import InvoiceAccount, InvoiceStatus
from casedesk.domain.typed import format_date, long_date, long_moment
from casedesk.exports.pdf_fonts import PdfFonts, pdf_fonts
from casedesk.exports.pdf_pages import DocumentInfo, PageSetup, write_pdf

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

#: The big word across every page of a voided invoice.
VOID_MARK = "VOID"
_MARGIN = 54.0
_FOOTER = 30.0
#: Item columns and their share of the width.
_COLUMNS = (("Date", 0.12), ("Category", 0.18), ("Payee", 0.22), ("Description", 0.32), ("Amount", 0.16))
_CELL_TEXT = 1_000
_INK = "#1f1f1f"
_MUTED = "#5a5a5a"
_RULE = "#9a9a9a"
_HEAD = "#e3e8ef"
_GRID = "#c9d0da"
_VOID = "#b00020"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class InvoicePrintout:
    """What an invoice printout shows.

    Attributes:
        account: The invoice and the payments received on it.
        case: The case its expenses belong to.
        client: The case's client.
        issuer: Who issues the invoice, heading the page (the responsible attorney or the firm).
        issuer_address: The issuer's address lines, if known.
    """

    account: InvoiceAccount
    case: Case
    client: Client
    issuer: str = ""
    issuer_address: str = ""


@dataclass(frozen=True, slots=True)
class _Styles:
    fonts: PdfFonts
    issuer: ParagraphStyle
    title: ParagraphStyle
    body: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    head: ParagraphStyle
    money: ParagraphStyle
    money_bold: ParagraphStyle
    note: ParagraphStyle
    void: ParagraphStyle


def write_invoice_pdf(path: Path, printout: InvoicePrintout, *, generated_at: datetime) -> None:
    """Write an invoice as a PDF (US Letter, portrait), atomically.

    The page shows who issues it, "INVOICE" with the number, date and due date, who is billed, the case
    and client, a table of the expenses billed with the total, the payments received and the balance
    due. A voided invoice carries a large VOID mark on every page and says when and why. Every page has
    the invoice number and "Page N of M" in its footer.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    from reportlab.lib.pagesizes import LETTER  # heavy: imported only when printing

    page_size: tuple[float, float] = LETTER
    setup = PageSetup(page_size, _MARGIN, _FOOTER)
    styles = _styles(pdf_fonts())
    invoice = printout.account.invoice
    voided = invoice.voided_on is not None

    def story() -> list[Flowable]:
        return _story(printout, styles, setup.width)

    def furniture(canvas: Canvas, page: int, total: int) -> None:
        _footer(canvas, page, total, printout, generated_at, styles, page_size)

    def overlay(canvas: Canvas) -> None:
        _void_mark(canvas, styles, page_size)

    info = DocumentInfo(
        f"Invoice {invoice.number}" + (" (void)" if voided else ""),
        f"{printout.case.number} {printout.case.caption}",
        printout.issuer,
    )
    write_pdf(path, story, setup, info, furniture, overlay if voided else None)


def _styles(fonts: PdfFonts) -> _Styles:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink = colors.HexColor(_INK)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=12.5, textColor=ink)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    money = ParagraphStyle("money", parent=cell, alignment=TA_RIGHT)
    return _Styles(
        fonts=fonts,
        issuer=ParagraphStyle("issuer", parent=body, fontName=fonts.bold, fontSize=13, leading=16),
        title=ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=22, leading=26),
        body=body,
        label=ParagraphStyle(
            "label", parent=body, fontName=fonts.bold, fontSize=8, textColor=colors.HexColor(_MUTED)
        ),
        cell=cell,
        head=ParagraphStyle("head", parent=cell, fontName=fonts.bold),
        money=money,
        money_bold=ParagraphStyle("money_bold", parent=money, fontName=fonts.bold, fontSize=9.5, leading=12),
        note=ParagraphStyle("note", parent=body, fontSize=8, leading=10.5, textColor=colors.HexColor(_MUTED)),
        void=ParagraphStyle("void", parent=body, fontName=fonts.bold, textColor=colors.HexColor(_VOID)),
    )


def _story(printout: InvoicePrintout, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable, Paragraph, Spacer

    account = printout.account
    invoice = account.invoice
    story: list[Flowable] = []
    if printout.issuer.strip():
        story.append(Paragraph(_markup(printout.issuer), styles.issuer))
        if printout.issuer_address.strip():
            story.append(Paragraph(_markup(printout.issuer_address), styles.body))
        story.append(HRFlowable(width="100%", thickness=0.6, color=colors.HexColor(_RULE), spaceBefore=4))
        story.append(Spacer(width, 10))
    story.append(_heading(printout, styles, width))
    if invoice.voided_on is not None:
        story.append(Spacer(width, 6))
        reason = f": {_markup(invoice.void_reason)}" if invoice.void_reason.strip() else ""
        story.append(Paragraph(f"VOID — voided on {long_date(invoice.voided_on)}{reason}", styles.void))
    story.append(Spacer(width, 14))
    story.append(_parties(printout, styles, width))
    story.append(Spacer(width, 14))
    story.append(_items(printout, styles, width))
    story.append(Spacer(width, 8))
    story.append(_totals(account, styles, width))
    if account.payments:
        story.append(Spacer(width, 12))
        story.append(_payments(account, styles, width))
    if invoice.notes.strip():
        story.append(Spacer(width, 12))
        story.append(Paragraph("NOTES", styles.label))
        story.append(Paragraph(_markup(invoice.notes), styles.body))
    story.append(Spacer(width, 14))
    story.append(
        Paragraph(
            f"Please quote invoice number {_markup(invoice.number)} with your payment. These are costs "
            "advanced on the client's matter; every amount is exact to the cent (nothing is rounded).",
            styles.note,
        )
    )
    return story


def _heading(printout: InvoicePrintout, styles: _Styles, width: float) -> Flowable:
    from reportlab.platypus import Paragraph, Table

    invoice = printout.account.invoice
    facts = [
        ("Invoice number", invoice.number),
        ("Invoice date", long_date(invoice.issued_on)),
        ("Due date", long_date(invoice.due_on) if invoice.due_on else "On receipt"),
        ("Status", printout.account.status.label),
    ]
    rows = [
        [Paragraph(label, styles.label), Paragraph(_markup(value), styles.body)] for label, value in facts
    ]
    facts_table = Table(
        rows, colWidths=[width * 0.17, width * 0.28], style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    )
    return Table(
        [[Paragraph("INVOICE", styles.title), facts_table]],
        colWidths=[width * 0.55, width * 0.45],
        style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)],
    )


def _parties(printout: InvoicePrintout, styles: _Styles, width: float) -> Flowable:
    from reportlab.platypus import Paragraph, Table

    invoice, case = printout.account.invoice, printout.case
    bill_to = [Paragraph("BILL TO", styles.label), Paragraph(_markup(invoice.bill_to), styles.body)]
    matter = [
        Paragraph("RE", styles.label),
        Paragraph(
            f"<b>Case {_markup(case.number)}</b><br/>{_markup(case.caption)}"
            f"<br/>Client: {_markup(printout.client.name)}",
            styles.body,
        ),
    ]
    return Table(
        [[bill_to, matter]],
        colWidths=[width * 0.5, width * 0.5],
        style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)],
    )


def _items(printout: InvoicePrintout, styles: _Styles, width: float) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, Paragraph

    invoice = printout.account.invoice
    widths = [width * share for _title, share in _COLUMNS]
    head = [Paragraph(title, styles.head) for title, _share in _COLUMNS[:-1]]
    data: list[list[object]] = [[*head, Paragraph("Amount", _right(styles.head))]]
    for line in invoice.lines:
        data.append(
            [
                Paragraph(format_date(line.spent_on), styles.cell),
                Paragraph(_markup(line.category), styles.cell),
                Paragraph(_markup(line.payee), styles.cell),
                Paragraph(_markup(line.description), styles.cell),
                Paragraph(str(line.amount), styles.money),
            ]
        )
    count = len(invoice.lines)
    items = "1 item" if count == 1 else f"{count} items"
    data.append(
        [
            "",
            "",
            "",
            Paragraph(f"<b>Total</b> ({items})", styles.cell),
            Paragraph(str(invoice.total), styles.money_bold),
        ]
    )
    last = len(data) - 1
    return LongTable(
        data,
        colWidths=widths,
        repeatRows=1,
        style=[
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEAD)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, last - 1), 0.4, colors.HexColor(_GRID)),
            ("LINEABOVE", (0, last), (-1, last), 0.8, colors.HexColor(_RULE)),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ],
    )


def _totals(account: InvoiceAccount, styles: _Styles, width: float) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table

    balance_label = "Balance due" if account.status is not InvoiceStatus.VOID else "Balance due (void)"
    rows = [
        [Paragraph("Total", styles.cell), Paragraph(str(account.invoice.total), styles.money)],
        [
            Paragraph("Payments received", styles.cell),
            Paragraph(str(-account.paid) if account.paid.cents else str(account.paid), styles.money),
        ],
        [
            Paragraph(f"<b>{balance_label}</b>", styles.cell),
            Paragraph(str(account.balance), styles.money_bold),
        ],
    ]
    return Table(
        rows,
        colWidths=[width * 0.2, width * 0.16],
        hAlign="RIGHT",
        style=[
            ("LINEABOVE", (0, 2), (-1, 2), 0.8, colors.HexColor(_RULE)),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ],
    )


def _payments(account: InvoiceAccount, styles: _Styles, width: float) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, Paragraph

    data: list[list[object]] = [
        [
            Paragraph("Payment received", styles.head),
            Paragraph("Method", styles.head),
            Paragraph("Reference", styles.head),
            Paragraph("Amount", _right(styles.head)),
        ]
    ]
    for payment in account.payments:
        data.append(
            [
                Paragraph(format_date(payment.paid_on), styles.cell),
                Paragraph(payment.method.label, styles.cell),
                Paragraph(_markup(payment.reference), styles.cell),
                Paragraph(str(payment.amount), styles.money),
            ]
        )
    return LongTable(
        data,
        colWidths=[width * 0.2, width * 0.2, width * 0.3, width * 0.16],
        repeatRows=1,
        hAlign="RIGHT",
        style=[
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEAD)),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(_GRID)),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ],
    )


def _footer(
    canvas: Canvas,
    page: int,
    total: int,
    printout: InvoicePrintout,
    generated_at: datetime,
    styles: _Styles,
    page_size: tuple[float, float],
) -> None:
    from reportlab.lib import colors

    right = page_size[0] - _MARGIN
    top = _MARGIN + _FOOTER - 8
    invoice = printout.account.invoice
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(_RULE))
    canvas.setLineWidth(0.5)
    canvas.line(_MARGIN, top, right, top)
    canvas.setFillColor(colors.HexColor(_INK))
    canvas.setFont(styles.fonts.bold, 8)
    canvas.drawRightString(right, top - 11, f"Page {page} of {total}")
    canvas.drawString(_MARGIN, top - 11, _one_line(f"Invoice {invoice.number} · Case {printout.case.number}"))
    canvas.setFillColor(colors.HexColor(_MUTED))
    canvas.setFont(styles.fonts.regular, 7)
    canvas.drawString(_MARGIN, top - 21, f"Printed {long_moment(generated_at)}")
    canvas.restoreState()


def _void_mark(canvas: Canvas, styles: _Styles, page_size: tuple[float, float]) -> None:
    from reportlab.lib import colors

    canvas.saveState()
    canvas.setFillColor(colors.HexColor(_VOID))
    canvas.setFillAlpha(0.18)
    canvas.setFont(styles.fonts.bold, 150)
    canvas.translate(page_size[0] / 2, page_size[1] / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -50, VOID_MARK)
    canvas.restoreState()


def _right(style: ParagraphStyle) -> ParagraphStyle:
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(f"{style.name}_right", parent=style, alignment=TA_RIGHT)


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(_CONTROL.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _markup(text: str) -> str:
    """Plain text as paragraph markup: control characters dropped, special characters escaped."""
    clean = _CONTROL.sub("", text.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n"))
    if len(clean) > _CELL_TEXT:
        clean = clean[:_CELL_TEXT].rstrip() + "…"
    return "<br/>".join(escape(line) for line in clean.split("\n"))
