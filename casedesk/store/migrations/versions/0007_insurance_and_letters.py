"""Insurance and letters: policies, claims and their negotiation; letter templates and letters; settings.

Policies and the claims made on them, the demands and offers of each claim, the firm"s own Word templates,
the letters generated for each case (their PDF is one of the case"s documents), and the case file"s
settings (the firm"s letterhead).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 11:44:57.994753
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "letter_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_letter_templates_name")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "insurance_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("coverage", sa.String(length=20), nullable=False),
        sa.Column("carrier", sa.String(length=200), nullable=False),
        sa.Column("carrier_contact_id", sa.Integer(), nullable=True),
        sa.Column("insured", sa.String(length=200), nullable=False),
        sa.Column("policy_number", sa.String(length=60), nullable=False),
        sa.Column("party", sa.String(length=20), nullable=False),
        sa.Column("per_person", sa.BigInteger(), nullable=True),
        sa.Column("per_occurrence", sa.BigInteger(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["carrier_contact_id"],
            ["contacts.id"],
            name=op.f("fk_insurance_policies_carrier_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_insurance_policies_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insurance_policies")),
    )
    with op.batch_alter_table("insurance_policies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_insurance_policies_case_id"), ["case_id"], unique=False)

    op.create_table(
        "insurance_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.Column("claim_number", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("adjuster_contact_id", sa.Integer(), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("representation_sent_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adjuster_contact_id"],
            ["contacts.id"],
            name=op.f("fk_insurance_claims_adjuster_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_insurance_claims_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["policy_id"],
            ["insurance_policies.id"],
            name=op.f("fk_insurance_claims_policy_id_insurance_policies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insurance_claims")),
    )
    with op.batch_alter_table("insurance_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_insurance_claims_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_insurance_claims_policy_id"), ["policy_id"], unique=False)

    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("template_name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("docx_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_letters_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["insurance_claims.id"],
            name=op.f("fk_letters_claim_id_insurance_claims"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_letters_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["case_providers.id"],
            name=op.f("fk_letters_provider_id_case_providers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
    )
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_letters_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_letters_document_id"), ["document_id"], unique=False)

    op.create_table(
        "negotiation_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("party", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("time_limit_days", sa.Integer(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["insurance_claims.id"],
            name=op.f("fk_negotiation_entries_claim_id_insurance_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_negotiation_entries")),
    )
    with op.batch_alter_table("negotiation_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_negotiation_entries_claim_id"), ["claim_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("negotiation_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_negotiation_entries_claim_id"))

    op.drop_table("negotiation_entries")
    with op.batch_alter_table("letters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_letters_document_id"))
        batch_op.drop_index(batch_op.f("ix_letters_case_id"))

    op.drop_table("letters")
    with op.batch_alter_table("insurance_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_insurance_claims_policy_id"))
        batch_op.drop_index(batch_op.f("ix_insurance_claims_case_id"))

    op.drop_table("insurance_claims")
    with op.batch_alter_table("insurance_policies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_insurance_policies_case_id"))

    op.drop_table("insurance_policies")
    op.drop_table("settings")
    op.drop_table("letter_templates")
