"""``python -m casedesk``: the same as the ``casedesk`` command."""

from casedesk.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
