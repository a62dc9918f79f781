"""Bill and lien use cases: kept per case, totals, links checked, undo after delete, reduction suggestions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from casedesk.domain.bills import Bill, Lien, LienKind, LienStatus
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.documents import Document
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.money import Money
from casedesk.domain.providers import CaseProvider
from casedesk.services.casefiles import Services
from casedesk.store.documents import DocumentRow
from casedesk.store.providers import CaseProviderRow

MakeCase = Callable[..., Case]


def add_provider(services: Services, case_id: int, name: str) -> int:
    """Put a provider from the contacts book on a case; returns the case provider's id."""
    contact = services.contacts.create(Contact(name, ContactRole.MEDICAL_PROVIDER, is_organization=True))
    with services._case_file.session() as session:
        row = CaseProviderRow(**CaseProviderRow.values(CaseProvider(case_id, contact.id or 0)))
        session.add(row)
        session.flush()
        return row.id


def add_document(services: Services, case_id: int, name: str, pages: int) -> int:
    """Record a stored document of a case (its file is not needed to link a bill to it)."""
    document = Document(
        case_id=case_id,
        sha256=f"{abs(hash(name)):064x}"[:64],
        original_name=name,
        size=1000,
        page_count=pages,
        imported_at=datetime(2026, 11, 1, 15, 0, tzinfo=UTC),
    )
    with services._case_file.session() as session:
        row = DocumentRow(**DocumentRow.values(document))
        session.add(row)
        session.flush()
        return row.id


def er_bill(case_id: int, provider_id: int, **changes: Any) -> Bill:
    """$4,850.00 billed, $1,350.00 written off, $2,800.00 + $500.00 + $50.00 paid: $150.00 owed."""
    fields: dict[str, Any] = {
        "case_id": case_id,
        "provider_id": provider_id,
        "service_from": date(2026, 6, 14),
        "billed": Money.parse("4,850.00"),
        "adjustment": Money.parse("1,350.00"),
        "health_paid": Money.parse("2,800.00"),
        "pip_paid": Money.parse("500.00"),
        "client_paid": Money.parse("50.00"),
        "notes": "UB-04",
    }
    return Bill(**(fields | changes))


def pt_bill(case_id: int, provider_id: int, **changes: Any) -> Bill:
    """Twelve therapy visits: $3,600.00 billed, PIP paid $2,500.00, the statement says $1,100.00 owed."""
    fields: dict[str, Any] = {
        "case_id": case_id,
        "provider_id": provider_id,
        "service_from": date(2026, 7, 1),
        "service_to": date(2026, 9, 30),
        "billed": Money.parse("3,600.00"),
        "pip_paid": Money.parse("2,500.00"),
        "owed": Money.parse("1,100.00"),
    }
    return Bill(**(fields | changes))


def medicare(case_id: int, **changes: Any) -> Lien:
    fields: dict[str, Any] = {
        "case_id": case_id,
        "holder": "Medicare  (BCRC)",
        "kind": LienKind.MEDICARE,
        "asserted": Money.parse("2,800.00"),
        "asserted_on": date(2026, 8, 3),
        "notes": "Conditional payment letter",
    }
    return Lien(**(fields | changes))


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    return make_case().id or 0


@pytest.fixture
def providers(services: Services, case_id: int) -> tuple[int, int]:
    """St. David's ER and Capital Physical Therapy on the case."""
    return add_provider(services, case_id, "St. David's Medical Center"), add_provider(
        services, case_id, "Capital Physical Therapy"
    )


def test_bills_are_kept_exactly_and_listed_by_date(
    services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """Every figure comes back to the cent; the earliest date of service comes first."""
    er, pt = providers
    therapy = services.bills.add_bill(pt_bill(case_id, pt))
    visit = services.bills.add_bill(er_bill(case_id, er))
    assert visit == replace(er_bill(case_id, er), id=visit.id)
    assert services.bills.bills(case_id) == [visit, therapy]
    assert services.bills.bills(case_id, provider_id=pt) == [therapy]


def test_case_totals_are_what_the_valuation_uses(
    services: Services, case_id: int, providers: tuple[int, int], make_case: MakeCase
) -> None:
    """Billed 8,450; adjusted 7,100; paid 5,850; owed 150 + 1,100; paid + owed 7,100; per provider too."""
    er, pt = providers
    services.bills.add_bill(er_bill(case_id, er))
    services.bills.add_bill(pt_bill(case_id, pt))
    other = make_case().id or 0
    services.bills.add_bill(er_bill(other, add_provider(services, other, "Elsewhere Clinic")))
    totals = services.bills.totals(case_id)
    assert (totals.count, totals.billed, totals.adjustments, totals.adjusted) == (
        2,
        Money.parse("8,450.00"),
        Money.parse("1,350.00"),
        Money.parse("7,100.00"),
    )
    assert (totals.health_paid, totals.pip_paid, totals.client_paid, totals.total_paid) == (
        Money.parse("2,800.00"),
        Money.parse("3,000.00"),
        Money.parse("50.00"),
        Money.parse("5,850.00"),
    )
    assert totals.owed == Money.parse("1,250.00")
    assert totals.paid_plus_owed == Money.parse("7,100.00")
    by_provider = services.bills.totals_by_provider(case_id)
    assert by_provider[pt].owed == Money.parse("1,100.00")
    assert by_provider[er].billed == Money.parse("4,850.00")


def test_invalid_bills_are_refused_and_nothing_is_saved(
    services: Services, case_id: int, providers: tuple[int, int], make_case: MakeCase
) -> None:
    """Broken arithmetic, another case's provider, a page past the document's end: each refused."""
    er, _pt = providers
    with pytest.raises(ValidationError) as refused:
        services.bills.add_bill(er_bill(case_id, er, client_paid=Money.of(300)))
    assert "payments" in refused.value.errors
    other = make_case().id or 0
    stranger = add_provider(services, other, "Elsewhere Clinic")
    with pytest.raises(ValidationError) as refused:
        services.bills.add_bill(er_bill(case_id, stranger))
    assert refused.value.errors == {"provider": "Pick one of the case's providers."}
    document = add_document(services, case_id, "st-davids-bill.pdf", 4)
    with pytest.raises(ValidationError) as refused:
        services.bills.add_bill(er_bill(case_id, er, document_id=document, page=5))
    assert refused.value.errors == {"page": "“st-davids-bill.pdf” has 4 pages."}
    elsewhere = add_document(services, other, "other.pdf", 2)
    with pytest.raises(ValidationError) as refused:
        services.bills.add_bill(er_bill(case_id, er, document_id=elsewhere))
    assert "document" in refused.value.errors
    assert services.bills.bills(case_id) == []
    linked = services.bills.add_bill(er_bill(case_id, er, document_id=document, page=4))
    assert (linked.document_id, linked.page) == (document, 4)


def test_delete_and_undo_a_bill(services: Services, case_id: int, providers: tuple[int, int]) -> None:
    """A deleted bill comes back as it was (with a new id)."""
    er, _pt = providers
    saved = services.bills.add_bill(er_bill(case_id, er))
    deleted = services.bills.delete_bill(saved.id or 0)
    assert services.bills.bills(case_id) == []
    restored = services.bills.restore_bill(deleted)
    assert replace(restored, id=None) == replace(saved, id=None)
    assert services.bills.bills(case_id) == [restored]
    services.bills.delete_bill(restored.id or 0)
    with pytest.raises(NotFoundError):
        services.bills.update_bill(restored)


def test_providers_and_documents_offered_for_a_bill(
    services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """The case's providers by name, with their names from the contacts book; its documents."""
    er, pt = providers
    assert [(p.id, p.name) for p in services.bills.providers(case_id)] == [
        (pt, "Capital Physical Therapy"),
        (er, "St. David's Medical Center"),
    ]
    document = add_document(services, case_id, "bill.pdf", 2)
    assert [d.id for d in services.bills.documents(case_id)] == [document]


def test_liens_are_kept_and_totalled(services: Services, case_id: int, providers: tuple[int, int]) -> None:
    """A lien comes back with its holder's spacing tidied; totals count those not final yet."""
    er, _pt = providers
    saved = services.bills.add_lien(medicare(case_id))
    assert saved.holder == "Medicare (BCRC)"
    hospital = services.bills.add_lien(
        Lien(
            case_id,
            "St. David's",
            LienKind.HOSPITAL,
            Money.parse("4,850.00"),
            reduction=Money.parse("850.00"),
            final=Money.parse("4,000.00"),
            status=LienStatus.FINAL,
            provider_id=er,
        )
    )
    assert services.bills.liens(case_id) == [saved, hospital]  # the undated one last
    totals = services.bills.lien_totals(case_id)
    assert (totals.asserted, totals.reductions, totals.final, totals.payable, totals.not_final) == (
        Money.parse("7,650.00"),
        Money.parse("850.00"),
        Money.parse("4,000.00"),
        Money.parse("6,800.00"),
        1,
    )
    assert services.bills.unfinished_liens(case_id) == [saved]
    services.bills.update_lien(replace(saved, final=Money.of(2_000), status=LienStatus.PAID))
    assert services.bills.unfinished_liens(case_id) == []


def test_a_final_lien_without_its_amount_is_refused(services: Services, case_id: int) -> None:
    """Marking a lien final needs the final amount; nothing is saved without it."""
    with pytest.raises(ValidationError) as refused:
        services.bills.add_lien(medicare(case_id, status=LienStatus.FINAL))
    assert refused.value.errors["final"].startswith("A lien marked final needs its final amount")
    assert services.bills.liens(case_id) == []


def test_delete_and_undo_a_lien_drops_links_that_went_meanwhile(
    services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """A lien put back keeps its figures; a holder contact deleted meanwhile is unlinked, not an error."""
    er, _pt = providers
    holder = services.contacts.create(Contact("BCBS of Texas", ContactRole.INSURER, is_organization=True))
    saved = services.bills.add_lien(medicare(case_id, holder_contact_id=holder.id, provider_id=er))
    deleted = services.bills.delete_lien(saved.id or 0)
    services.contacts.delete(holder.id or 0)
    restored = services.bills.restore_lien(deleted)
    assert restored.holder_contact_id is None and restored.provider_id == er
    assert restored.asserted == Money.parse("2,800.00")


def test_lien_holders_offered_case_contacts_first(services: Services, case_id: int) -> None:
    """The case's own contacts come first, then the rest of the book by name, each once."""
    book = services.contacts.create(Contact("Aetna", ContactRole.INSURER, is_organization=True))
    linked = services.contacts.create(Contact("Texas HHSC", ContactRole.OTHER, is_organization=True))
    services.contacts.link(case_id, linked.id or 0, ContactRole.OTHER)
    services.contacts.link(case_id, linked.id or 0, ContactRole.INSURER)
    assert [c.name for c in services.bills.holder_choices(case_id)] == [linked.name, book.name]


def test_reduction_suggestions_share_a_third_of_the_settlement_by_bills(
    services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """Each lien's share of the case's $8,450 billed, times a third of the settlement, to the cent."""
    er, pt = providers
    lien = services.bills.add_lien(medicare(case_id))
    only_liens = services.bills.suggestions(case_id, Money.of(30_000))
    assert only_liens.all_bills_label == "all liens"  # no bills yet: shared among the liens
    assert only_liens.by_lien[lien.id or 0].reduction == Money.of(2_800)  # capped at the lien
    services.bills.add_bill(er_bill(case_id, er))
    services.bills.add_bill(pt_bill(case_id, pt))
    suggestions = services.bills.suggestions(case_id, Money.of(15_000))
    assert (suggestions.all_bills, suggestions.all_bills_label) == (Money.parse("8,450.00"), "all bills")
    # (2,800 ÷ 8,450) × 15,000 ÷ 3 = 1,656.8047… → $1,656.80
    assert suggestions.by_lien[lien.id or 0].reduction == Money.parse("1,656.80")
    assert not suggestions.by_lien[lien.id or 0].capped
    # At $30,000 the share (3,313.61) is more than the lien: the whole $2,800.00 at most.
    assert services.bills.suggestions(case_id, Money.of(30_000)).by_lien[lien.id or 0].capped
    assert services.bills.suggestions(case_id, Money.zero()).by_lien == {}


def test_bills_and_liens_survive_reopening_the_case_file(
    services: Services, case_id: int, providers: tuple[int, int], open_case: Callable[..., Services]
) -> None:
    """Closed and opened again, the case file has every figure as saved."""
    er, pt = providers
    bills = [services.bills.add_bill(er_bill(case_id, er)), services.bills.add_bill(pt_bill(case_id, pt))]
    lien = services.bills.add_lien(medicare(case_id, reduction=Money.parse("933.33")))
    services.close()
    reopened = open_case()
    try:
        assert reopened.bills.bills(case_id) == bills
        assert reopened.bills.liens(case_id) == [lien]
        assert reopened.bills.totals(case_id).paid_plus_owed == Money.parse("7,100.00")
    finally:
        reopened.close()
