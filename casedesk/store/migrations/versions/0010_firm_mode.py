"""Firm mode: people who sign in, and optimistic locking.

`users` holds who may sign in to a firm database (Argon2id password hashes, never passwords);
`sign_in_failures` counts wrong passwords in a row per name typed. Every table
of records people edit in a form gets `version` (raised on each save; a save based on an older version is
refused) and `changed_by` (who saved it last); timeline entries also record who wrote them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21 15:33:59.167647
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

#: The tables of records edited in forms.
VERSIONED_TABLES = (
    "activities",
    "bates_settings",
    "bills",
    "binder_sections",
    "case_contacts",
    "case_limitations",
    "case_providers",
    "cases",
    "clients",
    "contacts",
    "disbursements",
    "documents",
    "events",
    "exhibit_settings",
    "exhibits",
    "expense_categories",
    "expenses",
    "holdbacks",
    "insurance_claims",
    "insurance_policies",
    "interviews",
    "invoices",
    "letter_templates",
    "letters",
    "liens",
    "lost_wages",
    "negotiation_entries",
    "record_entries",
    "record_requests",
    "recoveries",
    "settings",
    "settlement_statements",
    "tasks",
    "valuation_inputs",
    "valuation_scenarios",
    "witnesses",
)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("admin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_sign_in", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("changed_by", sa.String(length=100), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_by", sa.String(length=100), server_default="", nullable=False))
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
            batch_op.add_column(
                sa.Column("changed_by", sa.String(length=100), server_default="", nullable=False)
            )


def downgrade() -> None:
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("changed_by")
            batch_op.drop_column("version")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("created_by")
    op.drop_table("sign_in_failures")
    op.drop_table("users")
