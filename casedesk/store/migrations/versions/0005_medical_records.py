"""Medical records: providers, requests, documents, index entries, bills, liens, full-text search.

The full-text index is FTS5 on SQLite, over document pages and the notes of other records. On PostgreSQL
it is a GIN-indexed tsvector per text (table ``search_fts``), read with the text search configuration
``casedesk``; ``casedesk_fold()`` folds text as SQLite's replaced lower() does. Both use the unaccent
extension; on a server without it (or where the database's owner may not create it) accents are kept:
"garcia" then no longer finds "García".

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 09:53:14.179145
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("first_visit", sa.Date(), nullable=True),
        sa.Column("last_visit", sa.Date(), nullable=True),
        sa.Column("specialty", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_providers_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_case_providers_contact_id_contacts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_providers")),
        sa.UniqueConstraint("case_id", "contact_id", name=op.f("uq_case_providers_case_id")),
    )
    with op.batch_alter_table("case_providers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_providers_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_providers_contact_id"), ["contact_id"], unique=False)

    op.create_table(
        "search_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_search_texts_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_texts")),
    )
    with op.batch_alter_table("search_texts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_texts_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_search_texts_kind_ref", ["kind", "ref_id", "page"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=260), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("repaired", sa.Boolean(), nullable=False),
        sa.Column("password", sa.String(length=200), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_documents_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["case_providers.id"],
            name=op.f("fk_documents_provider_id_case_providers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("case_id", "sha256", name=op.f("uq_documents_case_id")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_sha256"), ["sha256"], unique=False)

    op.create_table(
        "liens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("asserted", sa.BigInteger(), nullable=False),
        sa.Column("reduction", sa.BigInteger(), nullable=False),
        sa.Column("final", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("holder_contact_id", sa.Integer(), nullable=True),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("asserted_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_liens_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["holder_contact_id"],
            ["contacts.id"],
            name=op.f("fk_liens_holder_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["case_providers.id"],
            name=op.f("fk_liens_provider_id_case_providers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liens")),
    )
    with op.batch_alter_table("liens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_liens_case_id"), ["case_id"], unique=False)

    op.create_table(
        "record_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("range_from", sa.Date(), nullable=True),
        sa.Column("range_to", sa.Date(), nullable=True),
        sa.Column("cost", sa.BigInteger(), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("extended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_record_requests_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["case_providers.id"],
            name=op.f("fk_record_requests_provider_id_case_providers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_requests")),
    )
    with op.batch_alter_table("record_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_requests_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_record_requests_provider_id"), ["provider_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_record_requests_status"), ["status"], unique=False)

    op.create_table(
        "bills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("service_from", sa.Date(), nullable=False),
        sa.Column("service_to", sa.Date(), nullable=True),
        sa.Column("billed", sa.BigInteger(), nullable=False),
        sa.Column("adjustment", sa.BigInteger(), nullable=False),
        sa.Column("health_paid", sa.BigInteger(), nullable=False),
        sa.Column("pip_paid", sa.BigInteger(), nullable=False),
        sa.Column("client_paid", sa.BigInteger(), nullable=False),
        sa.Column("owed", sa.BigInteger(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_bills_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_bills_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["case_providers.id"], name=op.f("fk_bills_provider_id_case_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bills")),
    )
    with op.batch_alter_table("bills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bills_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bills_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bills_provider_id"), ["provider_id"], unique=False)

    op.create_table(
        "record_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("service_from", sa.Date(), nullable=False),
        sa.Column("service_to", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("page_from", sa.Integer(), nullable=True),
        sa.Column("page_to", sa.Integer(), nullable=True),
        sa.Column("complaint", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("diagnoses", sa.Text(), nullable=False),
        sa.Column("procedures", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_record_entries_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_record_entries_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["case_providers.id"],
            name=op.f("fk_record_entries_provider_id_case_providers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_entries")),
    )
    with op.batch_alter_table("record_entries", schema=None) as batch_op:
        batch_op.create_index("ix_record_entries_case_service", ["case_id", "service_from"], unique=False)
        batch_op.create_index(batch_op.f("ix_record_entries_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_record_entries_provider_id"), ["provider_id"], unique=False)

    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_FULL_TEXT:
            op.execute(statement)
    elif op.get_bind().dialect.name == "postgresql":
        _postgresql_full_text()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif op.get_bind().dialect.name == "postgresql":
        for statement in _POSTGRESQL_DROP:
            op.execute(statement)
    with op.batch_alter_table("record_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_entries_provider_id"))
        batch_op.drop_index(batch_op.f("ix_record_entries_document_id"))
        batch_op.drop_index("ix_record_entries_case_service")

    op.drop_table("record_entries")
    with op.batch_alter_table("bills", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bills_provider_id"))
        batch_op.drop_index(batch_op.f("ix_bills_document_id"))
        batch_op.drop_index(batch_op.f("ix_bills_case_id"))

    op.drop_table("bills")
    with op.batch_alter_table("record_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_requests_status"))
        batch_op.drop_index(batch_op.f("ix_record_requests_provider_id"))
        batch_op.drop_index(batch_op.f("ix_record_requests_case_id"))

    op.drop_table("record_requests")
    with op.batch_alter_table("liens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_liens_case_id"))

    op.drop_table("liens")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_sha256"))
        batch_op.drop_index(batch_op.f("ix_documents_provider_id"))
        batch_op.drop_index(batch_op.f("ix_documents_case_id"))

    op.drop_table("documents")
    with op.batch_alter_table("search_texts", schema=None) as batch_op:
        batch_op.drop_index("ix_search_texts_kind_ref")
        batch_op.drop_index(batch_op.f("ix_search_texts_case_id"))

    op.drop_table("search_texts")
    with op.batch_alter_table("case_providers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_providers_contact_id"))
        batch_op.drop_index(batch_op.f("ix_case_providers_case_id"))

    op.drop_table("case_providers")


#: Notes copied into ``search_texts``: (table, kind, the searchable text as an SQL expression on ``new``).
_NOTE_SOURCES = (
    ("activities", "activity", "new.subject || char(10) || new.body"),
    (
        "record_entries",
        "entry",
        "new.complaint || char(10) || new.summary || char(10) || new.diagnoses || char(10) || new.procedures",
    ),
    ("documents", "document", "new.title || char(10) || new.original_name || char(10) || new.notes"),
)


def _note_triggers(table: str, kind: str, body: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO search_texts (case_id, kind, ref_id, page, body) "
        f"VALUES (new.case_id, '{kind}', new.id, NULL, {body}); END",
        f"CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table} BEGIN "
        f"UPDATE search_texts SET case_id = new.case_id, body = {body} "
        f"WHERE kind = '{kind}' AND ref_id = new.id AND page IS NULL; END",
        f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN "
        f"DELETE FROM search_texts WHERE kind = '{kind}' AND ref_id = old.id; END",
    ]


_SQLITE_FULL_TEXT = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "body, content='search_texts', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_texts_fts_insert AFTER INSERT ON search_texts BEGIN "
    "INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER search_texts_fts_delete AFTER DELETE ON search_texts BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER search_texts_fts_update AFTER UPDATE ON search_texts BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body); END",
    *(statement for source in _NOTE_SOURCES for statement in _note_triggers(*source)),
    # Notes written before this revision.
    "INSERT INTO search_texts (case_id, kind, ref_id, page, body) "
    "SELECT case_id, 'activity', id, NULL, subject || char(10) || body FROM activities",
]
_SQLITE_TRIGGERS = [
    "search_texts_fts_insert",
    "search_texts_fts_delete",
    "search_texts_fts_update",
    *(f"{table}_search_{event}" for table, _, _ in _NOTE_SOURCES for event in ("insert", "update", "delete")),
]


# --- PostgreSQL -------------------------------------------------------------------------------------------
# ``casedesk_fold(text)`` is SQLite's replaced lower() (casedesk.store.engine.fold_text): lower case without
# accents (the unaccent extension, when the server has it) and with plain apostrophes. The text search
# configuration ``casedesk`` reads words as FTS5's "porter unicode61 remove_diacritics 2" does: accents
# dropped, English stems, no stop words; ``casedesk_search_words(text)`` turns every character that is not
# a letter or digit into a space (one for one, so offsets stay), as unicode61 separates tokens.
# ``search_fts`` holds each text's tsvector (GIN-indexed), kept in step with ``search_texts`` by a trigger.

_PG_WORD_TYPES = (
    "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart"
)


def _postgresql_full_text() -> None:
    bind = op.get_bind()
    unaccent = bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")).scalar()
    schema = None
    if unaccent:
        try:
            with bind.begin_nested():
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS unaccent"))
        except sa.exc.DBAPIError:  # not allowed to: folding keeps accents
            pass
        schema = bind.execute(
            sa.text(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                "WHERE e.extname = 'unaccent'"
            )
        ).scalar()
    apostrophes = "translate($1, '\u2019\u2018\u02bc', '" + "''" * 3 + "')"  # typographic ones made plain
    if schema is not None:
        folded = f"lower({schema}.unaccent('{schema}.unaccent'::regdictionary, {apostrophes}))"
        mapping = f"{schema}.unaccent, casedesk_stem"
    else:
        folded = f"lower({apostrophes})"
        mapping = "casedesk_stem"
    for statement in (
        f"CREATE FUNCTION casedesk_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
        f"AS $$ SELECT {folded} $$",
        "CREATE FUNCTION casedesk_search_words(text) RETURNS text LANGUAGE sql "
        "IMMUTABLE STRICT PARALLEL SAFE "
        "AS $$ SELECT regexp_replace($1, '[^[:alnum:]]', ' ', 'g') $$",
        "CREATE TEXT SEARCH DICTIONARY casedesk_stem (TEMPLATE = snowball, LANGUAGE = english)",
        "CREATE TEXT SEARCH CONFIGURATION casedesk (COPY = english)",
        f"ALTER TEXT SEARCH CONFIGURATION casedesk ALTER MAPPING FOR {_PG_WORD_TYPES} WITH {mapping}",
        "CREATE TABLE search_fts ("
        "id integer PRIMARY KEY REFERENCES search_texts (id) ON DELETE CASCADE, "
        "case_id integer NOT NULL, vector tsvector NOT NULL)",
        "CREATE INDEX search_fts_vector ON search_fts USING gin (vector)",
        "CREATE INDEX search_fts_case ON search_fts (case_id, id)",
        "CREATE FUNCTION search_texts_fts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "INSERT INTO search_fts (id, case_id, vector) "
        "VALUES (new.id, new.case_id, to_tsvector('casedesk', casedesk_search_words(new.body))) "
        "ON CONFLICT (id) DO UPDATE SET case_id = excluded.case_id, vector = excluded.vector; "
        "RETURN NULL; END $$",
        "CREATE TRIGGER search_texts_fts AFTER INSERT OR UPDATE OF case_id, body ON search_texts "
        "FOR EACH ROW EXECUTE FUNCTION search_texts_fts()",
        *(statement for source in _NOTE_SOURCES for statement in _pg_note_triggers(*source)),
        "INSERT INTO search_texts (case_id, kind, ref_id, page, body) "
        "SELECT case_id, 'activity', id, NULL, subject || chr(10) || body FROM activities",
    ):
        op.execute(statement)


def _pg_note_triggers(table: str, kind: str, body: str) -> list[str]:
    body = body.replace("char(10)", "chr(10)")
    function = f"{table}_search"
    return [
        f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'INSERT' THEN "
        f"INSERT INTO search_texts (case_id, kind, ref_id, page, body) "
        f"VALUES (new.case_id, '{kind}', new.id, NULL, {body}); "
        f"ELSIF TG_OP = 'UPDATE' THEN "
        f"UPDATE search_texts SET case_id = new.case_id, body = {body} "
        f"WHERE kind = '{kind}' AND ref_id = new.id AND page IS NULL; "
        f"ELSE DELETE FROM search_texts WHERE kind = '{kind}' AND ref_id = old.id; "
        f"END IF; RETURN NULL; END $$",
        f"CREATE TRIGGER {function} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]


_POSTGRESQL_DROP = [
    *(f"DROP FUNCTION IF EXISTS {table}_search() CASCADE" for table, _, _ in _NOTE_SOURCES),
    "DROP TABLE IF EXISTS search_fts",
    "DROP FUNCTION IF EXISTS search_texts_fts() CASCADE",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS casedesk",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS casedesk_stem",
    "DROP FUNCTION IF EXISTS casedesk_search_words(text)",
    "DROP FUNCTION IF EXISTS casedesk_fold(text)",
]
