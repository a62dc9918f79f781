"""Client interviews, their questionnaires (one copy per distinct content), lost-wage records.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 09:03:08.632618
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_copies")),
        sa.UniqueConstraint("digest", name=op.f("uq_questionnaire_copies_digest")),
    )
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("interviewer", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied", sa.Text(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaire_copies.id"],
            name=op.f("fk_interviews_questionnaire_id_questionnaire_copies"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_interviews_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
    )
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interviews_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_interviews_questionnaire_id"), ["questionnaire_id"], unique=False
        )

    op.create_table(
        "lost_wages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("employer", sa.String(length=200), nullable=False),
        sa.Column("rate", sa.BigInteger(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("missed", sa.String(length=40), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=True),
        sa.Column("period_to", sa.Date(), nullable=True),
        sa.Column("override", sa.BigInteger(), nullable=True),
        sa.Column("override_reason", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("employer_contact_id", sa.Integer(), nullable=True),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_lost_wages_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["employer_contact_id"],
            ["contacts.id"],
            name=op.f("fk_lost_wages_employer_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_lost_wages_interview_id_interviews"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lost_wages")),
    )
    with op.batch_alter_table("lost_wages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lost_wages_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("lost_wages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lost_wages_case_id"))

    op.drop_table("lost_wages")
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interviews_questionnaire_id"))
        batch_op.drop_index(batch_op.f("ix_interviews_case_id"))

    op.drop_table("interviews")
    op.drop_table("questionnaire_copies")
