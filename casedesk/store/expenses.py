"""Case expenses (``expenses``) and the case file's list of expense categories (``expense_categories``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.domain.expenses import (
    MAX_CATEGORY,
    MAX_DESCRIPTION,
    MAX_PAYEE,
    MAX_REFERENCE,
    Expense,
    ExpenseCategory,
    PaidBy,
)
from casedesk.domain.money import Money
from casedesk.store.base import Base, MoneyCents


class ExpenseCategoryRow(Base):
    """One category expenses can be filed under (``expense_categories``)."""

    __tablename__ = "expense_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_CATEGORY), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)

    def to_domain(self) -> ExpenseCategory:
        """The category as a domain object."""
        return ExpenseCategory(id=self.id, name=self.name, position=self.position, hidden=self.hidden)

    @staticmethod
    def values(category: ExpenseCategory) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "name": " ".join(category.name.split()),
            "position": category.position,
            "hidden": category.hidden,
        }


class ExpenseRow(Base):
    """One cost of a case (``expenses``)."""

    __tablename__ = "expenses"
    __table_args__ = (Index("ix_expenses_case_spent", "case_id", "spent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    spent_on: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(MAX_CATEGORY))
    payee: Mapped[str] = mapped_column(String(MAX_PAYEE), default="")
    description: Mapped[str] = mapped_column(String(MAX_DESCRIPTION), default="")
    amount: Mapped[Money] = mapped_column(MoneyCents)
    paid_by: Mapped[str] = mapped_column(String(10))
    reimbursable: Mapped[bool] = mapped_column(Boolean, default=True)
    receipt_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True
    )
    invoice_reference: Mapped[str] = mapped_column(String(MAX_REFERENCE), default="")
    invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="SET NULL"), nullable=True, index=True
    )
    payee_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Expense:
        """The expense as a domain object."""
        return Expense(
            id=self.id,
            case_id=self.case_id,
            spent_on=self.spent_on,
            category=self.category,
            payee=self.payee,
            description=self.description,
            amount=self.amount,
            paid_by=PaidBy(self.paid_by),
            reimbursable=self.reimbursable,
            receipt_document_id=self.receipt_document_id,
            invoice_reference=self.invoice_reference,
            invoice_id=self.invoice_id,
            payee_contact_id=self.payee_contact_id,
            notes=self.notes,
        )

    @staticmethod
    def values(expense: Expense) -> dict[str, Any]:
        """Column values for the domain record (not the id): what fill and bulk inserts use."""
        return {
            "case_id": expense.case_id,
            "spent_on": expense.spent_on,
            "category": " ".join(expense.category.split()),
            "payee": " ".join(expense.payee.split()),
            "description": expense.description.strip(),
            "amount": expense.amount,
            "paid_by": expense.paid_by.value,
            "reimbursable": expense.reimbursable,
            "receipt_document_id": expense.receipt_document_id,
            "invoice_reference": expense.invoice_reference.strip(),
            "invoice_id": expense.invoice_id,
            "payee_contact_id": expense.payee_contact_id,
            "notes": expense.notes,
        }
