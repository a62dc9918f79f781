"""Persistence: SQLAlchemy rows, the engine factory, migrations and repositories."""
