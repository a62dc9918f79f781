"""Trial preparation: exhibits, witnesses, Bates numbering and the production log, the binder layout.

Each case's exhibits and how it numbers them, its witnesses and the exhibits each will use, the Bates
numbers given to its documents and the productions that gave them, and the sections of its trial binder.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 12:38:52.052153
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bates_productions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("produced_on", sa.Date(), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_bates_productions_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bates_productions")),
    )
    with op.batch_alter_table("bates_productions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bates_productions_case_id"), ["case_id"], unique=False)

    op.create_table(
        "bates_settings",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=20), nullable=False),
        sa.Column("digits", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_bates_settings_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_bates_settings")),
    )
    op.create_table(
        "binder_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_binder_sections_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_binder_sections")),
    )
    with op.batch_alter_table("binder_sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_binder_sections_case_id"), ["case_id"], unique=False)

    op.create_table(
        "exhibit_settings",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("scheme", sa.String(length=20), nullable=False),
        sa.Column("plaintiff_start", sa.Integer(), nullable=False),
        sa.Column("defendant_start", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_exhibit_settings_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_exhibit_settings")),
    )
    op.create_table(
        "witnesses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("subpoena_served_on", sa.Date(), nullable=True),
        sa.Column("availability", sa.Text(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("outline", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_witnesses_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_witnesses_contact_id_contacts"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_witnesses")),
        sa.UniqueConstraint("case_id", "contact_id", name=op.f("uq_witnesses_case_id")),
    )
    with op.batch_alter_table("witnesses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_witnesses_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_witnesses_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "bates_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("document_name", sa.String(length=300), nullable=False),
        sa.Column("prefix", sa.String(length=20), nullable=False),
        sa.Column("digits", sa.Integer(), nullable=False),
        sa.Column("first_number", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_bates_numbers_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_bates_numbers_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["bates_productions.id"],
            name=op.f("fk_bates_numbers_production_id_bates_productions"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bates_numbers")),
        sa.UniqueConstraint("case_id", "prefix", "first_number", name=op.f("uq_bates_numbers_case_id")),
        sa.UniqueConstraint("document_id", "prefix", name=op.f("uq_bates_numbers_document_id")),
    )
    with op.batch_alter_table("bates_numbers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bates_numbers_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bates_numbers_production_id"), ["production_id"], unique=False)

    op.create_table(
        "binder_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("page_from", sa.Integer(), nullable=True),
        sa.Column("page_to", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_binder_items_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["binder_sections.id"],
            name=op.f("fk_binder_items_section_id_binder_sections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_binder_items")),
    )
    with op.batch_alter_table("binder_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_binder_items_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_binder_items_section_id"), ["section_id"], unique=False)

    op.create_table(
        "exhibits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("party", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("page_from", sa.Integer(), nullable=True),
        sa.Column("page_to", sa.Integer(), nullable=True),
        sa.Column("exhibit_date", sa.Date(), nullable=True),
        sa.Column("witness_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("offered_on", sa.Date(), nullable=True),
        sa.Column("marked_on", sa.Date(), nullable=True),
        sa.Column("admitted_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_exhibits_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_exhibits_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["witness_id"],
            ["witnesses.id"],
            name=op.f("fk_exhibits_witness_id_witnesses"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibits")),
    )
    with op.batch_alter_table("exhibits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exhibits_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exhibits_document_id"), ["document_id"], unique=False)

    op.create_table(
        "bates_production_items",
        sa.Column("production_id", sa.Integer(), nullable=False),
        sa.Column("bates_number_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bates_number_id"],
            ["bates_numbers.id"],
            name=op.f("fk_bates_production_items_bates_number_id_bates_numbers"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["production_id"],
            ["bates_productions.id"],
            name=op.f("fk_bates_production_items_production_id_bates_productions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("production_id", "bates_number_id", name=op.f("pk_bates_production_items")),
    )
    with op.batch_alter_table("bates_production_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bates_production_items_bates_number_id"), ["bates_number_id"], unique=False
        )

    op.create_table(
        "witness_exhibits",
        sa.Column("witness_id", sa.Integer(), nullable=False),
        sa.Column("exhibit_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exhibit_id"],
            ["exhibits.id"],
            name=op.f("fk_witness_exhibits_exhibit_id_exhibits"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["witness_id"],
            ["witnesses.id"],
            name=op.f("fk_witness_exhibits_witness_id_witnesses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("witness_id", "exhibit_id", name=op.f("pk_witness_exhibits")),
    )
    with op.batch_alter_table("witness_exhibits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_witness_exhibits_exhibit_id"), ["exhibit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("witness_exhibits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_witness_exhibits_exhibit_id"))

    op.drop_table("witness_exhibits")
    with op.batch_alter_table("bates_production_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bates_production_items_bates_number_id"))

    op.drop_table("bates_production_items")
    with op.batch_alter_table("exhibits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exhibits_document_id"))
        batch_op.drop_index(batch_op.f("ix_exhibits_case_id"))

    op.drop_table("exhibits")
    with op.batch_alter_table("binder_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_binder_items_section_id"))
        batch_op.drop_index(batch_op.f("ix_binder_items_document_id"))

    op.drop_table("binder_items")
    with op.batch_alter_table("bates_numbers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bates_numbers_production_id"))
        batch_op.drop_index(batch_op.f("ix_bates_numbers_case_id"))

    op.drop_table("bates_numbers")
    with op.batch_alter_table("witnesses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_witnesses_contact_id"))
        batch_op.drop_index(batch_op.f("ix_witnesses_case_id"))

    op.drop_table("witnesses")
    op.drop_table("exhibit_settings")
    with op.batch_alter_table("binder_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_binder_sections_case_id"))

    op.drop_table("binder_sections")
    op.drop_table("bates_settings")
    with op.batch_alter_table("bates_productions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bates_productions_case_id"))

    op.drop_table("bates_productions")
