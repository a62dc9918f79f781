"""``casedesk letter``: draft a letter for a case from a Word template, as .docx or PDF."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_common_options,
    case_id_numbered,
    db_path,
    open_for_command,
    say,
)

if TYPE_CHECKING:
    from casedesk.services.casefiles import Services


def add_parser(commands: Any) -> None:
    """Register ``casedesk letter`` with the subcommands of ``casedesk``."""
    letter = commands.add_parser(
        "letter",
        help="draft a letter for a case from a Word template (.docx or PDF)",
        description="Draft a letter for a case from a shipped template (demand, proposal, representation, "
        "records-request) or one of the firm's own (by name). The letter is kept with the case (its PDF "
        "among the case's documents, with a timeline entry) and written to the file given. Review the "
        "figures and the wording before it is sent.",
    )
    add_common_options(letter, db_help="the case file to use")
    letter.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    letter.add_argument(
        "--template",
        required=True,
        metavar="NAME",
        help="demand, proposal, representation, records-request, or the name of a firm template",
    )
    letter.add_argument(
        "--claim",
        metavar="NUMBER",
        help="the insurer's claim number the letter is written on (default: the case's only claim)",
    )
    letter.add_argument("--provider", metavar="NAME", help="the provider a records request goes to")
    letter.add_argument(
        "--demand", metavar="AMOUNT", help="the amount to demand (default: the latest demand)"
    )
    letter.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.docx|FILE.pdf", help="the file to write"
    )
    letter.set_defaults(command=_letter, parser=letter)


def _letter(args: argparse.Namespace) -> int:
    """``casedesk letter``: draft, keep with the case, write the file asked for."""
    from casedesk.domain.errors import ValidationError
    from casedesk.domain.money import Money

    suffix = args.output.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise UsageError(f"the output must be a .docx or a .pdf file, not “{args.output.name}”")
    demand: Money | None = None
    if args.demand is not None:
        try:
            demand = Money.parse(args.demand)
        except (ValueError, ValidationError) as exc:
            raise UsageError(
                f"--demand: “{args.demand}” is not an amount (e.g. 150000 or 150,000.00)"
            ) from exc
        if demand.cents <= 0:
            raise UsageError("--demand: the amount must be more than zero")
    path = db_path(args)
    services = open_for_command(args, path)
    try:
        case_id = case_id_numbered(services.cases, args.case, path) or 0
        claim_id = _claim_id(services, case_id, args.claim, args.case)
        provider_id = _provider_id(services, case_id, args.provider, args.case)
        if claim_id is None:
            check = services.letters.check(case_id, args.template, provider_id=provider_id)
            claims = services.insurance.claims(case_id) if check.needs_claim else []
            if len(claims) == 1:  # the case's only claim is the one the letter is written on
                claim_id = claims[0].id
        try:
            letter = services.letters.generate(
                case_id, args.template, claim_id=claim_id, provider_id=provider_id, demand=demand
            )
        except ValidationError as exc:
            raise UsageError(_missing_choice(services, case_id, exc, args.case)) from exc
        if suffix == ".docx":
            services.letters.save_docx(letter.id or 0, args.output)
        else:
            services.letters.save_pdf(letter.id or 0, args.output)
    finally:
        services.close()
    say(f"Drafted “{letter.title}” (kept with case {args.case.strip()}) and wrote it to {args.output}.")
    say("Review the figures and the wording before the letter is sent.")
    return EXIT_OK


def _claim_id(services: Services, case_id: int, number: str | None, case: str) -> int | None:
    if number is None:
        return None
    claims = services.insurance.claims(case_id)
    wanted = number.strip().casefold()
    found = [c for c in claims if c.claim.claim_number.strip().casefold() == wanted]
    if not found:
        known = ", ".join(c.claim.claim_number or "(no number)" for c in claims) or "none"
        raise UsageError(
            f"case {case.strip()} has no claim numbered “{number.strip()}” (its claims: {known})"
        )
    return found[0].id


def _provider_id(services: Services, case_id: int, name: str | None, case: str) -> int | None:
    if name is None:
        return None
    providers = services.providers.providers(case_id)
    wanted = name.strip().casefold()
    exact = [p for p in providers if p.provider.name.casefold() == wanted]
    partial = [p for p in providers if wanted and wanted in p.provider.name.casefold()]
    found = exact or partial
    if len(found) != 1:
        known = "; ".join(p.provider.name for p in providers) or "none"
        what = "more than one provider matching" if len(found) > 1 else "no provider named"
        raise UsageError(f"case {case.strip()} has {what} “{name.strip()}” (its providers: {known})")
    return found[0].provider.id


def _missing_choice(services: Services, case_id: int, error: Exception, case: str) -> str:
    """What to add to the command line when the template needs a claim or a provider."""
    errors = getattr(error, "errors", {})
    if "claim" in errors:
        known = ", ".join(c.claim.claim_number or "(no number)" for c in services.insurance.claims(case_id))
        return (
            "this letter is written on a claim: add --claim NUMBER "
            f"(case {case.strip()}'s claims: {known or 'none'})"
        )
    if "provider" in errors:
        known = "; ".join(p.provider.name for p in services.providers.providers(case_id))
        return (
            "a records request goes to a provider: add --provider NAME "
            f"(case {case.strip()}'s providers: {known or 'none'})"
        )
    return str(error)
