"""Use cases: one transaction per user action; they return domain objects and know nothing of Qt."""
