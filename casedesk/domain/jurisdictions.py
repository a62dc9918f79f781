"""US jurisdictions (states and DC) a case can be filed in, read from the shipped data file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """A US state or DC.

    Attributes:
        code: Two-letter postal code, e.g. ``"TX"``.
        name: Full name, e.g. ``"Texas"``.
    """

    code: str
    name: str


def parse_jurisdictions(text: str) -> tuple[Jurisdiction, ...]:
    """Parse the jurisdictions CSV (columns ``code`` and ``state`` at least), sorted by name.

    Raises:
        ValueError: The data is malformed (missing columns, bad or repeated codes).
    """
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not {"code", "state"} <= set(reader.fieldnames):
        raise ValueError("jurisdictions data needs 'code' and 'state' columns")
    seen: dict[str, Jurisdiction] = {}
    for row in reader:
        code = (row["code"] or "").strip().upper()
        name = (row["state"] or "").strip()
        if len(code) != 2 or not code.isalpha() or not name:
            raise ValueError(f"bad jurisdiction row: {row!r}")
        if code in seen:
            raise ValueError(f"jurisdiction {code} is listed twice")
        seen[code] = Jurisdiction(code, name)
    return tuple(sorted(seen.values(), key=lambda j: j.name))
