"""The case timeline: the progress log of calls, emails, letters, meetings and notes."""
