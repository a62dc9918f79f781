"""The settlement (closing) statement as a PDF to hand the client for signature."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from casedesk.domain.money import Money
from casedesk.domain.settlement import FeeBasis, TrustPosition
from casedesk.domain.statement import (
    APPROVAL_TEXT,
    ROUNDING_NOTE,
    VERIFY_NOTE,
    Statement,
    rate_words,
)
from casedesk.domain.typed import format_date, long_date, long_moment
from casedesk.exports.pdf_fonts import PdfFonts, pdf_fonts
from casedesk.exports.pdf_pages import DocumentInfo, PageSetup, write_pdf

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

#: Page margins and the footer's height, in points (1/72 inch).
_MARGIN = 54.0
_FOOTER = 30.0
_AMOUNT_WIDTH = 86.0
_INK = "#222222"
_MUTED = "#555555"
_RULE = "#9a9a9a"
_LIGHT_RULE = "#d0d0d0"
_SHADE = "#eef2f7"
_HEAD = "#34495e"
_DRAFT = "#b00020"
#: Printed at the top of a draft and in its footer.
DRAFT_NOTE = "DRAFT — not final; figures may change before the statement is finalized."


@dataclass(frozen=True, slots=True)
class _Styles:
    fonts: PdfFonts
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    amount: ParagraphStyle
    amount_bold: ParagraphStyle
    head: ParagraphStyle
    head_amount: ParagraphStyle
    net_label: ParagraphStyle
    net_amount: ParagraphStyle
    draft: ParagraphStyle


def write_settlement_pdf(
    path: Path,
    statement: Statement,
    *,
    final: bool,
    finalized_at: datetime | None,
    trust: TrustPosition | None,
    generated_at: datetime,
) -> None:
    """Write a settlement statement as a PDF (US Letter), atomically.

    The header names the client, file number, incident date, carriers with their claim numbers and the
    attorney; then come the recoveries, the fee with its rounding, the costs, the medical bills and liens,
    the holdbacks and the net to the client, the method of determination, the client's approval and the
    signature and date lines. A draft has "DRAFT" across every page. Every page says "Page N of M".

    Args:
        path: The PDF to write; a file already there is replaced only once the new one is complete.
        statement: The statement (a final one's snapshot, or a draft's live figures).
        final: Whether it is the final statement (no watermark).
        finalized_at: When it was finalized.
        trust: The trust account as it stands, printed under the distribution (``None``: left out).
        generated_at: When the printout is made, in the user's time zone.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    from reportlab.lib.pagesizes import LETTER  # heavy: imported only when printing

    page_size: tuple[float, float] = LETTER
    styles = _styles(pdf_fonts())
    width = page_size[0] - 2 * _MARGIN

    def story() -> list[Flowable]:
        return _story(statement, final, finalized_at, trust, generated_at, styles, width)

    def furniture(canvas: Canvas, page: int, total: int) -> None:
        _furniture(canvas, page, total, statement, final, generated_at, styles, page_size)

    def overlay(canvas: Canvas) -> None:
        if not final:
            _watermark(canvas, page_size, styles.fonts.bold)

    header = statement.header
    info = DocumentInfo(f"Settlement statement {header.case_number}", f"{header.caption} ({header.client})")
    write_pdf(path, story, PageSetup(page_size, _MARGIN, _FOOTER), info, furniture, overlay)


def _furniture(
    canvas: Canvas,
    page: int,
    total: int,
    statement: Statement,
    final: bool,
    generated_at: datetime,
    styles: _Styles,
    page_size: tuple[float, float],
) -> None:
    from reportlab.lib import colors

    width = page_size[0] - 2 * _MARGIN
    right = _MARGIN + width
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(_RULE))
    canvas.setLineWidth(0.5)
    top = _MARGIN + _FOOTER - 8
    canvas.line(_MARGIN, top, right, top)
    canvas.setFillColor(colors.HexColor(_MUTED))
    canvas.setFont(styles.fonts.bold, 8)
    canvas.drawRightString(right, top - 11, f"Page {page} of {total}")
    canvas.setFont(styles.fonts.regular, 7.5)
    header = statement.header
    state = "Final" if final else "DRAFT"
    canvas.drawString(
        _MARGIN,
        top - 11,
        f"Settlement statement · {header.case_number} · {header.client} · {state} · "
        f"Printed {long_moment(generated_at)}"[:140],
    )
    canvas.restoreState()


def _watermark(canvas: Canvas, page_size: tuple[float, float], font: str) -> None:
    """A large, faint "DRAFT" across the page, over the text."""
    from reportlab.lib import colors

    canvas.saveState()
    canvas.setFillColor(colors.HexColor(_DRAFT))
    canvas.setFillAlpha(0.09)
    canvas.setFont(font, 130)
    canvas.translate(page_size[0] / 2, page_size[1] / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -40, "DRAFT")
    canvas.restoreState()


# --- the story -------------------------------------------------------------------------------------


def _story(
    statement: Statement,
    final: bool,
    finalized_at: datetime | None,
    trust: TrustPosition | None,
    generated_at: datetime,
    styles: _Styles,
    width: float,
) -> list[Flowable]:
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    story: list[Flowable] = [
        Paragraph("Settlement Statement", styles.title),
        Paragraph("Closing statement of the settlement proceeds", styles.subtitle),
    ]
    if final and finalized_at is not None:
        story.append(
            Paragraph(f"Final statement of {long_date(finalized_at.astimezone().date())}", styles.body)
        )
    elif not final:
        story.append(Paragraph(escape(DRAFT_NOTE), styles.draft))
    story.append(_header_table(statement, styles, width))
    story += _recoveries(statement, styles, width)
    story += _fee(statement, styles, width)
    story += _costs(statement, styles, width)
    story += _liens(statement, styles, width)
    story += _holdbacks(statement, styles, width)
    story.append(KeepTogether(_summary(statement, trust, styles, width)))
    method = statement.method.strip() or "Not stated."
    story += [
        _section("Method of determination", styles),
        Paragraph(_markup(method), styles.body),
    ]
    if statement.notes.strip():
        story += [_section("Notes", styles), Paragraph(_markup(statement.notes.strip()), styles.body)]
    story += [
        Spacer(1, 6),
        Paragraph(escape(ROUNDING_NOTE), styles.note),
        Paragraph(f"<b>{escape(VERIFY_NOTE)}</b>", styles.note),
    ]
    story.append(KeepTogether(_signatures(statement, styles, width)))
    return story


def _section(title: str, styles: _Styles) -> Flowable:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(title), styles.heading)


def _header_table(statement: Statement, styles: _Styles, width: float) -> Flowable:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    header = statement.header
    carriers = [
        f"{line.payer} ({line.source.label})"
        + (f", claim no. {line.claim_number}" if line.claim_number else "")
        for line in statement.recoveries
    ]
    rows = [
        ("Client", header.client),
        ("File number", header.case_number),
        ("Case", header.caption),
        ("Incident date", long_date(header.incident_date) if header.incident_date else "not recorded"),
        ("Paid by (carriers, claim numbers)", "\n".join(dict.fromkeys(carriers)) or "none entered"),
        ("Attorney", header.attorney or "not named"),
    ]
    data = [
        [Paragraph(escape(label), styles.cell_bold), Paragraph(_markup(text), styles.cell)]
        for label, text in rows
    ]
    table = Table(data, colWidths=[150, width - 150], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor(_LIGHT_RULE)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _ledger(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    amount_columns: int,
    total: tuple[str, Money] | None,
    styles: _Styles,
    width: float,
    text_widths: Sequence[float],
) -> Flowable:
    """A table of text columns then ``amount_columns`` amount columns, with an optional total row."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    texts = len(headers) - amount_columns
    rest = width - sum(text_widths[: texts - 1]) - _AMOUNT_WIDTH * amount_columns
    widths = [*text_widths[: texts - 1], rest] + [_AMOUNT_WIDTH] * amount_columns
    data = [
        [
            Paragraph(escape(h), styles.head if i < texts else styles.head_amount)
            for i, h in enumerate(headers)
        ]
    ]
    for row in rows:
        data.append(
            [Paragraph(_markup(c), styles.cell if i < texts else styles.amount) for i, c in enumerate(row)]
        )
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEAD)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor(_LIGHT_RULE)),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if total is not None:
        label, amount = total
        data.append(
            [Paragraph(escape(label), styles.cell_bold)]
            + [""] * (len(headers) - 2)
            + [Paragraph(str(amount), styles.amount_bold)]
        )
        commands += [
            ("SPAN", (0, len(data) - 1), (-2, len(data) - 1)),
            ("BACKGROUND", (0, len(data) - 1), (-1, len(data) - 1), colors.HexColor(_SHADE)),
            ("LINEABOVE", (0, len(data) - 1), (-1, len(data) - 1), 0.75, colors.HexColor(_RULE)),
        ]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _recoveries(statement: Statement, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    if not statement.recoveries:
        return [_section("1. Gross recovery", styles), Paragraph("No recoveries entered.", styles.body)]
    rows = [
        [
            line.source.label,
            line.payer,
            line.claim_number,
            format_date(line.received_on) or "not yet received",
            str(line.amount),
        ]
        for line in statement.recoveries
    ]
    table = _ledger(
        ("Source", "Paid by", "Claim no.", "Received", "Amount"),
        rows,
        1,
        ("Gross recovery", statement.gross),
        styles,
        width,
        (90, 140, 80, 80),
    )
    return [_section("1. Gross recovery", styles), table]


def _fee(statement: Statement, styles: _Styles, width: float) -> list[Flowable]:
    fee = statement.fee
    basis = "on the gross recovery" if fee.basis is FeeBasis.GROSS else "on the gross recovery after costs"
    text = (
        f"{fee.stage.label} rate of the fee agreement: {rate_words(fee.rate)}, {basis}. {fee.explanation()}."
    )
    if fee.rounded:
        text += f" Rounded half-up to the cent: {fee.rounding_note()}."
    table = _ledger(
        ("Attorney fee", "Amount"),
        [[text, str(fee.amount)]],
        1,
        None,
        styles,
        width,
        (),
    )
    return [_section("2. Attorney fee", styles), table]


def _costs(statement: Statement, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    title = "3. Case costs advanced by the firm"
    if not statement.costs:
        return [_section(title, styles), Paragraph("No case costs to repay.", styles.body)]
    rows = [
        [
            format_date(line.spent_on),
            line.category,
            " — ".join(part for part in (line.payee, line.description) if part),
            str(line.amount),
        ]
        for line in statement.costs
    ]
    table = _ledger(
        ("Date", "Category", "Paid to / for", "Amount"),
        rows,
        1,
        ("Total costs", statement.total_costs),
        styles,
        width,
        (64, 120),
    )
    return [_section(title, styles), table]


def _liens(statement: Statement, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.platypus import Paragraph

    title = "4. Medical bills and liens paid from the settlement"
    if not statement.liens:
        return [
            _section(title, styles),
            Paragraph("No liens or bills to pay from the settlement.", styles.body),
        ]

    def opt(amount: Money | None) -> str:
        return "—" if amount is None else str(amount)

    rows = [
        [
            f"{line.holder} ({line.kind})"
            + ("" if line.is_final else f" — {line.status.upper()}, NOT FINAL"),
            opt(line.billed),
            opt(line.paid_by_others),
            str(line.asserted),
            str(line.reduction),
            str(line.amount),
        ]
        for line in statement.liens
    ]
    table = _ledger_narrow(
        ("Lien holder", "Billed", "Paid by others", "Claimed", "Reduction", "Final"),
        rows,
        ("Total liens", statement.total_liens),
        styles,
        width,
        _AMOUNT_WIDTH * 0.8,
    )
    return [_section(title, styles), table]


def _ledger_narrow(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    total: tuple[str, Money],
    styles: _Styles,
    width: float,
    amount_width: float,
) -> Flowable:
    """The liens' table: one text column and five narrower amount columns."""
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    amounts = len(headers) - 1
    widths = [width - amount_width * amounts] + [amount_width] * amounts
    data = [
        [Paragraph(escape(h), styles.head if i == 0 else styles.head_amount) for i, h in enumerate(headers)]
    ]
    for row in rows:
        data.append(
            [Paragraph(_markup(c), styles.cell if i == 0 else styles.amount) for i, c in enumerate(row)]
        )
    label, amount = total
    data.append(
        [Paragraph(escape(label), styles.cell_bold)]
        + [""] * (amounts - 1)
        + [Paragraph(str(amount), styles.amount_bold)]
    )
    last = len(data) - 1
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEAD)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor(_LIGHT_RULE)),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("SPAN", (0, last), (-2, last)),
                ("BACKGROUND", (0, last), (-1, last), colors.HexColor(_SHADE)),
                ("LINEABOVE", (0, last), (-1, last), 0.75, colors.HexColor(_RULE)),
            ]
        )
    )
    return table


def _holdbacks(statement: Statement, styles: _Styles, width: float) -> list[Flowable]:
    if not statement.holdbacks:
        return []
    rows = [[line.payee, line.reason, str(line.amount)] for line in statement.holdbacks]
    table = _ledger(
        ("Held for", "Why it is held", "Amount"),
        rows,
        1,
        ("Total held in trust", statement.total_holdbacks),
        styles,
        width,
        (150,),
    )
    return [_section("5. Held in trust (disputed or unresolved claims)", styles), table]


def _summary(
    statement: Statement, trust: TrustPosition | None, styles: _Styles, width: float
) -> list[Flowable]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    lines = [
        ("Gross recovery", statement.gross),
        ("Less attorney fee", -statement.fee.amount),
        ("Less case costs", -statement.total_costs),
        ("Less medical bills and liens", -statement.total_liens),
    ]
    if statement.holdbacks:
        lines.append(("Less held in trust", -statement.total_holdbacks))
    data = [
        [Paragraph(escape(label), styles.cell), Paragraph(str(amount), styles.amount)]
        for label, amount in lines
    ]
    data.append(
        [
            Paragraph("NET TO CLIENT", styles.net_label),
            Paragraph(str(statement.net_to_client), styles.net_amount),
        ]
    )
    last = len(data) - 1
    table = Table(data, colWidths=[width - 140, 140], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, last - 1), 0.25, colors.HexColor(_LIGHT_RULE)),
                ("BOX", (0, last), (-1, last), 1.4, colors.HexColor(_HEAD)),
                ("BACKGROUND", (0, last), (-1, last), colors.HexColor(_SHADE)),
                ("TOPPADDING", (0, last), (-1, last), 6),
                ("BOTTOMPADDING", (0, last), (-1, last), 6),
            ]
        )
    )
    check = (
        f"Check: fee {statement.fee.amount} + costs {statement.total_costs} + liens {statement.total_liens}"
        + (f" + held {statement.total_holdbacks}" if statement.holdbacks else "")
        + f" + net {statement.net_to_client} = {statement.lines_total}"
        + (", the gross exactly." if statement.balanced else f", NOT the gross {statement.gross}.")
    )
    flowables: list[Flowable] = [
        _section("Distribution", styles),
        table,
        Paragraph(escape(check), styles.note),
    ]
    if trust is not None:
        flowables.append(
            Paragraph(
                escape(
                    f"Trust account at printing: received {trust.received}, paid out {trust.paid_out}, "
                    f"remaining in trust {trust.in_trust}."
                ),
                styles.note,
            )
        )
    return flowables


def _signatures(statement: Statement, styles: _Styles, width: float) -> list[Flowable]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    header = statement.header
    blank = ""
    data = [
        [blank, "", blank],
        [
            Paragraph(f"Client: {escape(header.client)}", styles.cell),
            "",
            Paragraph("Date", styles.cell),
        ],
        [blank, "", blank],
        [
            Paragraph(f"Attorney: {escape(header.attorney or '')}", styles.cell),
            "",
            Paragraph("Date", styles.cell),
        ],
    ]
    table = Table(data, colWidths=[width * 0.6, width * 0.08, width * 0.32], rowHeights=[30, 14, 30, 14])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (0, 0), 0.8, colors.black),
                ("LINEBELOW", (2, 0), (2, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 2), (0, 2), 0.8, colors.black),
                ("LINEBELOW", (2, 2), (2, 2), 0.8, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [
        _section("Approval", styles),
        Paragraph(escape(APPROVAL_TEXT), styles.body),
        Spacer(1, 8),
        table,
    ]


def _markup(text: str) -> str:
    """Plain text as paragraph markup: special characters escaped, line breaks kept."""
    return "<br/>".join(escape(line) for line in text.splitlines()) or ""


# --- styles ----------------------------------------------------------------------------------------


def _styles(fonts: PdfFonts) -> _Styles:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink, muted = colors.HexColor(_INK), colors.HexColor(_MUTED)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=12.5, textColor=ink)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5)
    amount = ParagraphStyle("amount", parent=cell, alignment=TA_RIGHT)
    head = ParagraphStyle("head", parent=cell, fontName=fonts.bold, textColor=colors.white)
    return _Styles(
        fonts=fonts,
        title=ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=20, leading=24),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=11, leading=14, textColor=muted, spaceAfter=6
        ),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=fonts.bold, fontSize=11, leading=14, spaceBefore=10, spaceAfter=4
        ),
        body=body,
        note=ParagraphStyle("note", parent=body, fontSize=8, leading=10.5, textColor=muted, spaceBefore=3),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.bold),
        amount=amount,
        amount_bold=ParagraphStyle("amount_bold", parent=amount, fontName=fonts.bold),
        head=head,
        head_amount=ParagraphStyle("head_amount", parent=head, alignment=TA_RIGHT),
        net_label=ParagraphStyle("net_label", parent=body, fontName=fonts.bold, fontSize=13, leading=16),
        net_amount=ParagraphStyle(
            "net_amount", parent=body, fontName=fonts.bold, fontSize=14, leading=17, alignment=TA_RIGHT
        ),
        draft=ParagraphStyle(
            "draft", parent=body, fontName=fonts.bold, textColor=colors.HexColor(_DRAFT), spaceAfter=6
        ),
    )
