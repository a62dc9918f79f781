"""The Interviews tab: guided interview forms, past interviews, the review step, the pain journal."""
