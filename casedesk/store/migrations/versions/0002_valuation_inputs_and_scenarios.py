"""Valuation: a case's specials, costs, liens and coverage, and its saved scenarios.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 07:56:11.116556
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "valuation_inputs",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("medical_billed", sa.BigInteger(), nullable=False),
        sa.Column("medical_paid", sa.BigInteger(), nullable=False),
        sa.Column("property_damage", sa.BigInteger(), nullable=False),
        sa.Column("lost_wages", sa.BigInteger(), nullable=False),
        sa.Column("future_medical", sa.BigInteger(), nullable=False),
        sa.Column("other", sa.BigInteger(), nullable=False),
        sa.Column("costs", sa.BigInteger(), nullable=False),
        sa.Column("liens", sa.BigInteger(), nullable=False),
        sa.Column("coverage", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_valuation_inputs_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_valuation_inputs")),
    )
    op.create_table(
        "valuation_scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("medical_basis", sa.String(length=10), nullable=False),
        sa.Column("multiplier", sa.String(length=40), nullable=True),
        sa.Column("severity", sa.String(length=40), nullable=True),
        sa.Column("phases", sa.Text(), nullable=False),
        sa.Column("fault_percent", sa.String(length=40), nullable=False),
        sa.Column("rule_override", sa.String(length=40), nullable=True),
        sa.Column("override_reason", sa.String(length=300), nullable=False),
        sa.Column("slight_gross_judgment", sa.Boolean(), nullable=True),
        sa.Column("fee_numerator", sa.Integer(), nullable=False),
        sa.Column("fee_denominator", sa.Integer(), nullable=False),
        sa.Column("fee_basis", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_valuation_scenarios_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_valuation_scenarios")),
    )
    with op.batch_alter_table("valuation_scenarios", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_valuation_scenarios_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("valuation_scenarios", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_valuation_scenarios_case_id"))

    op.drop_table("valuation_scenarios")
    op.drop_table("valuation_inputs")
