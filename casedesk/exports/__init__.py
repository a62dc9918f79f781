"""File writers and readers (PDF, Excel, calendar, Word): domain objects in, files out, written atomically."""
