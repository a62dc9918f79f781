"""casedesk: an offline case-file organizer for personal-injury case managers."""

__version__ = "0.1.0"
