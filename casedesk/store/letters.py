"""Letters: the firm's own Word templates, the letters generated for each case, and the letterhead.

The firm's templates (``letter_templates``), the letters (``letters``) and the case file's settings
(``settings``), where the firm's letterhead is kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.errors import NotFoundError
from casedesk.domain.firm import FirmProfile
from casedesk.domain.letters import Letter, LetterKind, LetterTemplate
from casedesk.store.base import Base, UtcDateTime, Versioned


class LetterTemplateRow(Versioned, Base):
    """A Word template the firm added (``letter_templates``); the shipped ones live in the resources."""

    __tablename__ = "letter_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)

    def to_domain(self) -> LetterTemplate:
        """The template as a domain object (without its content)."""
        return LetterTemplate(
            id=self.id,
            name=self.name,
            kind=LetterKind(self.kind),
            builtin=False,
            sha256=self.sha256,
            added_at=self.added_at,
        )


class LetterRow(Versioned, Base):
    """A letter generated for a case (``letters``): its PDF is one of the case's documents."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    template_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    docx_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("insurance_claims.id", ondelete="SET NULL"), nullable=True
    )
    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_providers.id", ondelete="SET NULL"), nullable=True
    )

    def to_domain(self) -> Letter:
        """The letter as a domain object."""
        return Letter(
            id=self.id,
            case_id=self.case_id,
            kind=LetterKind(self.kind),
            template_name=self.template_name,
            title=self.title,
            document_id=self.document_id,
            docx_sha256=self.docx_sha256,
            created_at=self.created_at,
            claim_id=self.claim_id,
            provider_id=self.provider_id,
        )

    @staticmethod
    def values(letter: Letter) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": letter.case_id,
            "kind": letter.kind.value,
            "template_name": letter.template_name,
            "title": letter.title,
            "document_id": letter.document_id,
            "docx_sha256": letter.docx_sha256,
            "created_at": letter.created_at,
            "claim_id": letter.claim_id,
            "provider_id": letter.provider_id,
        }


class SettingRow(Versioned, Base):
    """A setting of the case file that is not about one case (``settings``): the firm's letterhead."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


_FIRM_KEYS = {field: f"firm.{field}" for field in ("name", "address", "phone", "fax", "email", "website")}


def get_firm_profile(session: Session) -> FirmProfile:
    """The firm's letterhead (empty fields where nothing was entered)."""
    rows = session.scalars(select(SettingRow).where(SettingRow.key.in_(_FIRM_KEYS.values())))
    stored = {row.key: row.value for row in rows}
    return FirmProfile(**{field: stored.get(key, "") for field, key in _FIRM_KEYS.items()})


def save_firm_profile(session: Session, profile: FirmProfile) -> FirmProfile:
    """Store the firm's letterhead, in the caller's transaction."""
    for field, key in _FIRM_KEYS.items():
        value = str(getattr(profile, field)).strip()
        row = session.get(SettingRow, key)
        if row is None:
            session.add(SettingRow(key=key, value=value))
        else:
            row.value = value
    session.flush()
    return get_firm_profile(session)


# --- The firm's templates ------------------------------------------------------------------------------


def list_templates(session: Session) -> list[LetterTemplate]:
    """The firm's own templates, by name (without their content)."""
    rows = session.scalars(select(LetterTemplateRow).order_by(func.lower(LetterTemplateRow.name)))
    return [row.to_domain() for row in rows]


def template_named(session: Session, name: str) -> LetterTemplateRow | None:
    """The firm's template with this name (case-insensitive), if any."""
    return session.scalars(
        select(LetterTemplateRow).where(func.lower(LetterTemplateRow.name) == name.strip().lower())
    ).first()


def template_content(session: Session, template_id: int) -> bytes:
    """The .docx of one of the firm's templates.

    Raises:
        NotFoundError: It was removed.
    """
    return _template_row(session, template_id).content


def add_template(session: Session, template: LetterTemplate, content: bytes) -> LetterTemplate:
    """Store a firm template with its .docx; returns it with its id."""
    row = LetterTemplateRow(
        name=template.name,
        kind=template.kind.value,
        content=content,
        sha256=template.sha256,
        added_at=template.added_at,
    )
    session.add(row)
    session.flush()
    return row.to_domain()


def delete_template(session: Session, template_id: int) -> LetterTemplate:
    """Remove a firm template; returns it (letters drafted from it stay).

    Raises:
        NotFoundError: It was already removed.
    """
    row = _template_row(session, template_id)
    template = row.to_domain()
    session.delete(row)
    session.flush()
    return template


def _template_row(session: Session, template_id: int) -> LetterTemplateRow:
    row = session.get(LetterTemplateRow, template_id)
    if row is None:
        raise NotFoundError("This letter template was removed.", "Choose another template.")
    return row


# --- Letters -------------------------------------------------------------------------------------------


def list_letters(session: Session, case_id: int) -> list[Letter]:
    """A case's letters, newest first."""
    rows = session.scalars(
        select(LetterRow)
        .where(LetterRow.case_id == case_id)
        .order_by(LetterRow.created_at.desc(), LetterRow.id.desc())
    )
    return [row.to_domain() for row in rows]


def get_letter(session: Session, letter_id: int) -> Letter:
    """The letter with this id.

    Raises:
        NotFoundError: It was deleted (its document was deleted).
    """
    row = session.get(LetterRow, letter_id)
    if row is None:
        raise NotFoundError("This letter was deleted.", "Draft it again.")
    return row.to_domain()


def add_letter(session: Session, letter: Letter) -> Letter:
    """Record a drafted letter; returns it with its id."""
    row = LetterRow(**LetterRow.values(letter))
    session.add(row)
    session.flush()
    return row.to_domain()


def docx_in_use(session: Session, sha256: str) -> bool:
    """Whether a letter keeps its .docx under this hash."""
    count = session.scalar(select(func.count()).select_from(LetterRow).where(LetterRow.docx_sha256 == sha256))
    return bool(count)
