"""Rebuild the Word letter templates shipped in ``resources/letters/`` from this script.

The templates are ordinary .docx files with Jinja merge fields (see ``resources/letters/fields.md``).
Change the wording here and run ``python scripts/make_letter_templates.py``; review the result in Word.
A paragraph holding only ``{%p … %}`` is a control line: it disappears when the letter is drafted.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Inches, Pt

OUT = Path(__file__).resolve().parent.parent / "resources" / "letters"

VERIFY_TIME_LIMITED = (
    "[Attorney: verify that this time-limited demand meets the requirements of the governing state's "
    "statute (content, delivery method, response period) before it is sent; delete this note.]"
)
VERIFY_HIPAA = (
    "[Attorney: verify this authorization against 45 CFR 164.508 and the state's law before it is sent; "
    "delete this note.]"
)


class Letter:
    """A letter being written: python-docx with the house layout."""

    def __init__(self, footer: str) -> None:
        self.doc: Any = Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        section.left_margin = section.right_margin = Inches(1)
        section.top_margin, section.bottom_margin = Inches(0.9), Inches(0.9)
        normal = self.doc.styles["Normal"]
        normal.font.name = "Georgia"
        normal.font.size = Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Title", 18), ("Heading 1", 12), ("Heading 2", 11)):
            style = self.doc.styles[name]
            style.font.name = "Georgia"
            style.font.size = Pt(size)
        section.footer.paragraphs[0].text = footer
        section.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        section.different_first_page_header_footer = False

    def para(
        self,
        text: str = "",
        *,
        style: str | None = None,
        align: str = "",
        bold: bool = False,
        italic: bool = False,
        space: int | None = None,
    ) -> Any:
        """A paragraph with one run of text."""
        paragraph = self.doc.add_paragraph(style=style)
        if text:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
        if align:
            paragraph.alignment = {
                "center": WD_ALIGN_PARAGRAPH.CENTER,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
                "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            }[align]
        if space is not None:
            paragraph.paragraph_format.space_after = Pt(space)
        return paragraph

    def runs(self, *parts: tuple[str, str], align: str = "", space: int | None = None) -> Any:
        """A paragraph of runs: ``("b", "Re:")``, ``("", " text")``, ``("i", …)``, ``("u", …)``."""
        paragraph = self.para(align=align, space=space)
        for marks, text in parts:
            run = paragraph.add_run(text)
            run.bold = "b" in marks or None
            run.italic = "i" in marks or None
            run.underline = "u" in marks or None
        return paragraph

    def tag(self, tag: str) -> None:
        """A control line (``{%p for … %}``) that disappears when the letter is drafted."""
        self.doc.add_paragraph(tag)

    def lines(self, expression: str, *, space: int = 0) -> None:
        """One line per item of a list field (an address)."""
        self.tag(f"{{%p for line in {expression} %}}")
        self.para("{{ line }}", space=space)
        self.tag("{%p endfor %}")

    def letterhead(self) -> None:
        """The firm's name, address and contact line, centred."""
        self.para("{{ firm.name }}", style="Title", align="center", space=0)
        self.tag("{%p for line in firm.address_lines %}")
        self.para("{{ line }}", align="center", space=0)
        self.tag("{%p endfor %}")
        self.para("{{ firm.contact_line }}", align="center", italic=True, space=18)

    def heading(self, text: str) -> None:
        """A section heading."""
        self.para(text, style="Heading 1")

    def bullets(self, expression: str, item: str) -> None:
        """One bulleted paragraph per item of a list field."""
        self.tag(f"{{%p for item in {expression} %}}")
        self.para(item, style="List Bullet")
        self.tag("{%p endfor %}")

    def page_break(self) -> None:
        """Start a new page."""
        self.para().add_run().add_break(WD_BREAK.PAGE)

    def re_block(self, rows: list[tuple[str, str]]) -> None:
        """A borderless two-column block (the Re: lines)."""
        table = self.doc.add_table(rows=0, cols=2)
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].width, cells[1].width = Inches(1.5), Inches(5)
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].paragraphs[0].add_run(value)
        self.para(space=0)

    def specials_table(self) -> None:
        """The specials table: one row per item, repeated by the merge."""
        table = self.doc.add_table(rows=4, cols=3)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, ("Item", "Billed / claimed", "Paid"), strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        table.rows[0].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        table.rows[0].cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        table.rows[1].cells[0].text = "{%tr for row in specials.rows %}"
        for cell, text in zip(
            table.rows[2].cells, ("{{ row.label }}", "{{ row.billed }}", "{{ row.paid }}"), strict=True
        ):
            cell.text = text
        table.rows[2].cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        table.rows[2].cells[2].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        table.rows[3].cells[0].text = "{%tr endfor %}"
        for row in table.rows:
            row.cells[0].width = Inches(3.5)
            row.cells[1].width = row.cells[2].width = Inches(1.5)
        self.para(space=0)

    def signature(self, closing: str = "Very truly yours,") -> None:
        """The closing and the attorney's signature block."""
        block = [
            self.para(closing, space=0),
            self.para("{{ firm.name }}", bold=True, space=36),
            self.para("______________________________", space=0),
            self.para("{{ case.attorney }}", space=0),
        ]
        for paragraph in block:  # the signature block is never split across pages
            paragraph.paragraph_format.keep_with_next = True
        self.para("Attorney for {{ client.name }}", space=12)

    def save(self, name: str) -> Path:
        """Write the template into resources/letters/."""
        path = OUT / name
        self.doc.save(str(path))
        return path


def adjuster_block(letter: Letter, via: str) -> None:
    """Date, delivery line and the adjuster's address."""
    letter.para("{{ today }}", space=12)
    letter.para(via, bold=True, space=12)
    letter.tag("{%p if claim.adjuster %}")
    letter.para("{{ claim.adjuster }}", space=0)
    letter.tag("{%p endif %}")
    letter.para("{{ claim.insurer }}", space=0)
    letter.lines("claim.adjuster_address_lines")
    letter.tag("{%p if claim.adjuster_email %}")
    letter.para("By email: {{ claim.adjuster_email }}", space=0)
    letter.tag("{%p endif %}")
    letter.para(space=6)


def claim_re(letter: Letter) -> None:
    """The Re: block of a letter to the carrier."""
    letter.re_block(
        [
            ("Re:", "Our client: {{ client.name }}"),
            ("", "Your insured: {{ claim.insured }}"),
            ("", "Claim number: {{ claim.claim_number }}"),
            ("", "Policy number: {{ claim.policy_number }}"),
            ("", "Date of loss: {{ incident.date }}"),
        ]
    )


def salutation(letter: Letter) -> None:
    """Dear adjuster (or claims representative)."""
    letter.para("Dear {{ claim.adjuster or 'Claims Representative' }}:")


def demand() -> Path:
    """The demand letter."""
    letter = Letter("{{ firm.name }} · Confidential settlement communication · {{ client.name }}")
    letter.letterhead()
    adjuster_block(letter, "VIA CERTIFIED MAIL, RETURN RECEIPT REQUESTED")
    claim_re(letter)
    letter.para("CONFIDENTIAL SETTLEMENT COMMUNICATION", bold=True, align="center", space=12)
    salutation(letter)
    letter.para(
        "As you know, this firm represents {{ client.name }} for the injuries and losses suffered in the "
        "incident of {{ incident.date }}{% if incident.place %} at {{ incident.place }}{% endif %}. "
        "{{ client.name }} has now completed the treatment described below, and we write to present the "
        "claim and to offer to resolve it.",
        align="justify",
    )
    letter.heading("Facts of the incident")
    letter.tag("{%p for text in incident.facts %}")
    letter.para("{{ text }}", align="justify")
    letter.tag("{%p endfor %}")
    letter.heading("Liability")
    letter.para("{{ liability.summary }}", align="justify")
    letter.heading("Injuries and treatment")
    letter.tag("{%p if injuries %}")
    letter.para("As a direct result of the incident, {{ client.name }} suffered the following injuries:")
    letter.bullets("injuries", "{{ item.part }}{% if item.detail %}: {{ item.detail }}{% endif %}")
    letter.tag("{%p endif %}")
    letter.para("{{ treatment_summary }}", align="justify")
    letter.tag("{%p for item in treatment %}")
    letter.para("{{ item.text }}", align="justify")
    letter.tag("{%p endfor %}")
    letter.tag("{%p if impact %}")
    letter.heading("Effect on daily life")
    letter.para("The injuries have changed {{ client.name }}'s daily life:")
    letter.bullets("impact", "{{ item }}")
    letter.tag("{%p endif %}")
    letter.heading("Special damages")
    letter.para("The economic losses to date are as follows; the bills and records are enclosed.")
    letter.specials_table()
    letter.heading("General damages")
    letter.para(
        "Beyond these economic losses, {{ client.name }} has endured physical pain, mental anguish, "
        "inconvenience and the loss of the enjoyment of life, and may continue to do so in the future. "
        "A jury in this venue would fairly compensate these harms in an amount well in excess of the "
        "special damages.",
        align="justify",
    )
    letter.heading("Demand")
    letter.tag("{%p if demand.time_limited %}")
    letter.runs(
        ("", "To resolve this claim, {{ client.name }} offers to settle for "),
        ("b", "{{ demand.amount }} ({{ demand.words }})"),
        (
            "",
            ", in exchange for a full release of your insured. This is a time-limited demand: it remains "
            "open for {{ demand.time_limit_days }} days from your receipt of this letter",
        ),
        ("b", "{% if deadline %}, that is until {{ deadline }}{% endif %}"),
        (
            "",
            ". If it is not accepted in writing within that time, it is withdrawn without further notice. "
            "Please provide with your acceptance a certified copy of the declarations page of every policy "
            "that may cover this loss.",
        ),
        align="justify",
    )
    letter.para(VERIFY_TIME_LIMITED, italic=True)
    letter.tag("{%p else %}")
    letter.runs(
        ("", "To resolve this claim, {{ client.name }} demands "),
        ("b", "{{ demand.amount }} ({{ demand.words }})"),
        ("", ", in exchange for a full release of your insured. Please respond in writing "),
        (
            "b",
            "{% if deadline %}by {{ deadline }}{% else %}within thirty (30) days of the date of this letter"
            "{% endif %}",
        ),
        ("", "."),
        align="justify",
    )
    letter.tag("{%p endif %}")
    letter.para(
        "Nothing in this letter waives any right of {{ client.name }}, and this offer may not be used for "
        "any purpose other than settlement. We look forward to your response.",
        align="justify",
    )
    letter.signature()
    letter.para("Enclosures: medical records and itemized bills; proof of lost wages", italic=True, space=0)
    letter.para("cc: {{ client.name }}", italic=True)
    return letter.save("demand.docx")


def proposal() -> Path:
    """The settlement proposal."""
    letter = Letter("{{ firm.name }} · Confidential settlement communication · {{ client.name }}")
    letter.letterhead()
    adjuster_block(letter, "VIA EMAIL AND FIRST-CLASS MAIL")
    claim_re(letter)
    letter.para("CONFIDENTIAL SETTLEMENT COMMUNICATION", bold=True, align="center", space=12)
    salutation(letter)
    letter.para(
        "Thank you for your continued attention to the claim of our client, {{ client.name }}, arising from "
        "the incident of {{ incident.date }}. We have reviewed the negotiation to date with our client, and "
        "we write to propose terms on which this claim can be resolved now.",
        align="justify",
    )
    letter.para("{{ liability.summary }}", align="justify")
    letter.para("{{ treatment_summary }}", align="justify")
    letter.para("The special damages are these:")
    letter.specials_table()
    letter.runs(
        ("", "{{ client.name }} will settle all claims against your insured for "),
        ("b", "{{ demand.amount }} ({{ demand.words }})"),
        ("", ", in exchange for a full release, with any liens to be satisfied from the settlement. "),
        ("", "This proposal remains open "),
        (
            "b",
            "{% if deadline %}until {{ deadline }}{% else %}"
            "for fourteen (14) days from the date of this letter{% endif %}",
        ),
        ("", "."),
        align="justify",
    )
    letter.para(
        "The figures in this proposal are offered for settlement purposes only. Please call me to discuss "
        "it, or confirm your acceptance in writing.",
        align="justify",
    )
    letter.signature("Sincerely,")
    letter.para("cc: {{ client.name }}", italic=True)
    return letter.save("proposal.docx")


def representation() -> Path:
    """The letter of representation to the carrier."""
    letter = Letter("{{ firm.name }} · {{ client.name }} · Date of loss {{ incident.date }}")
    letter.letterhead()
    adjuster_block(letter, "VIA CERTIFIED MAIL, RETURN RECEIPT REQUESTED")
    claim_re(letter)
    salutation(letter)
    letter.para(
        "Please be advised that this firm represents {{ client.name }} for all claims arising from the "
        "{{ incident.type | lower }} incident of {{ incident.date }}{% if incident.place %} at "
        "{{ incident.place }}{% endif %}. Please note our representation in your file.",
        align="justify",
    )
    letter.heading("Direct all contact to this office")
    letter.para(
        "From now on, please direct all communication about this claim to the undersigned, and do not "
        "contact {{ client.name }} or any member of the family directly. Our client will not give a recorded "
        "or written statement, and does not authorize the release of any medical information except through "
        "this office.",
        align="justify",
    )
    letter.heading("Preserve the evidence")
    letter.para(
        "Please preserve, and instruct your insured to preserve, all evidence relating to the incident, "
        "including photographs, video and dash-camera recordings, vehicle and event-data-recorder data, "
        "repair estimates, witness statements, recorded statements, telephone records, and the claim file. "
        "Losing or destroying such evidence may have legal consequences.",
        align="justify",
    )
    letter.heading("Coverage information")
    letter.para("Within thirty (30) days, please send us:")
    for text in (
        "a certified copy of the declarations page of each policy issued to your insured that may cover "
        "this loss, showing the limits of liability;",
        "a statement of whether any other insurance, umbrella or excess policy may apply;",
        "the available medical payments (MedPay) or personal injury protection (PIP) benefits and the "
        "forms needed to claim them;",
        "any statement of our client in your possession.",
    ):
        letter.para(text, style="List Bullet")
    letter.para(
        "If you contend that coverage does not apply, or reserve your rights, please tell us so in writing "
        "and say why. Thank you for your prompt attention.",
        align="justify",
    )
    letter.signature()
    letter.para("cc: {{ client.name }}", italic=True)
    return letter.save("representation.docx")


def records_request() -> Path:
    """The medical records request with its HIPAA authorization page."""
    letter = Letter("{{ firm.name }} · Records request · Patient: {{ client.name }}")
    letter.letterhead()
    letter.para("{{ today }}", space=12)
    letter.para("VIA FIRST-CLASS MAIL AND FAX", bold=True, space=12)
    letter.para("Custodian of Records", space=0)
    letter.para("{{ provider.name }}", space=0)
    letter.lines("provider.address_lines")
    letter.para(space=6)
    letter.re_block(
        [
            ("Re:", "Patient: {{ client.name }}"),
            ("", "Date of birth: {{ client.date_of_birth }}"),
            ("", "Dates of treatment: {{ provider.first_visit }} to {{ provider.last_visit }}"),
            ("", "Our file: {{ case.number }}"),
        ]
    )
    letter.para("Dear Custodian of Records:")
    letter.para(
        "This firm represents {{ client.name }} for injuries suffered on {{ incident.date }}. Enclosed is an "
        "authorization signed by our client. Please send us a complete, certified copy of:",
        align="justify",
    )
    for text in (
        "all medical records for {{ provider.first_visit }} to the present, including intake forms, office "
        "and progress notes, emergency and hospital records, consultation reports, operative reports, "
        "therapy notes, and imaging and test results with their reports;",
        "an itemized statement of all charges, with CPT and ICD-10 codes, and a ledger of all payments and "
        "adjustments by every payer;",
        "a signed certification of the custodian of records (affidavit) that the copies are true and "
        "complete.",
    ):
        letter.para(text, style="List Bullet")
    letter.para(
        "If there is a charge for copies, please send an invoice with the records or call us before copying; "
        "we will pay reasonable copying charges allowed by law. Electronic copies (PDF) are welcome. If any "
        "record cannot be provided, please tell us which and why.",
        align="justify",
    )
    letter.signature("Thank you,")
    letter.para("Enclosure: authorization to disclose health information", italic=True)
    letter.page_break()
    letter.para("AUTHORIZATION TO DISCLOSE PROTECTED HEALTH INFORMATION", style="Heading 1", align="center")
    letter.para("(45 CFR 164.508)", align="center", italic=True)
    letter.para(VERIFY_HIPAA, italic=True)
    letter.re_block(
        [
            ("Patient:", "{{ client.name }}"),
            ("Date of birth:", "{{ client.date_of_birth }}"),
        ]
    )
    elements = (
        ("1. Who may disclose: ", "{{ hipaa.discloser }}, and its physicians, staff and billing office."),
        (
            "2. To whom: ",
            "{{ hipaa.recipient }}{% for line in firm.address_lines %}, {{ line }}{% endfor %}, "
            "attorneys for the patient, and their staff.",
        ),
        ("3. What may be disclosed: ", "{{ hipaa.information }}"),
        ("4. Purpose: ", "{{ hipaa.purpose }}"),
        (
            "5. Expiry: ",
            "This authorization expires on {{ hipaa.expiry }}, or one year after the date it is "
            "signed if that is later than the date of signing.",
        ),
        (
            "6. Right to revoke: ",
            "I may revoke this authorization at any time by writing to the provider "
            "named above, except to the extent that action has already been taken in reliance on it.",
        ),
        (
            "7. No condition: ",
            "The provider may not condition treatment, payment, enrollment or eligibility "
            "for benefits on whether I sign this authorization.",
        ),
        (
            "8. Redisclosure: ",
            "Information disclosed under this authorization may be redisclosed by the "
            "recipient and may no longer be protected by federal privacy law.",
        ),
        (
            "9. Sensitive information: ",
            "Unless I initial here ______, this authorization does not extend "
            "to records of HIV/AIDS, mental health, substance-use disorder treatment or genetic testing.",
        ),
    )
    for label, text in elements:
        letter.runs(("b", label), ("", text), align="justify")
    letter.para("A copy of this authorization is as valid as the original. I am entitled to a copy of it.")
    letter.para(space=18)
    letter.para("______________________________________        Date: ________________", space=0)
    letter.para("Signature of patient or personal representative", space=12)
    letter.para("Printed name: {{ client.name }}", space=0)
    letter.para("If signed by a personal representative, their authority: ______________________", space=0)
    return letter.save("records_request.docx")


BUILDERS: tuple[Callable[[], Path], ...] = (demand, proposal, representation, records_request)


def main() -> int:
    """Write the four templates."""
    OUT.mkdir(parents=True, exist_ok=True)
    for build in BUILDERS:
        print(build())
    return 0


if __name__ == "__main__":
    sys.exit(main())
