"""File writers and readers (PDF, Excel, calendar, Word): domain objects in, files out, written atomically."""

import logging

# What pypdf logs of damaged files (offsets, fragments of their text, which may be health information) goes
# nowhere: not to the terminal, not to casedesk's log file. Every reader reports problems in its own words.
_pypdf_log = logging.getLogger("pypdf")
_pypdf_log.addHandler(logging.NullHandler())
_pypdf_log.propagate = False
