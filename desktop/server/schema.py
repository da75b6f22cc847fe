"""What a server library has beyond the shared tables: full-text search and a change count.

Made in the same transaction as the tables when a library is created (``on_create`` of
:func:`desktop.store.db.migrate`). Schema changes after that come as Alembic revisions.

- A text search configuration ``sourcedesk``: PostgreSQL's parser, ``unaccent``, then
  Snowball English without stop words (phrases stay exact, as in the other engines).
- ``search_words``: one ``tsvector`` per article (title weight A, text weight B) with a GIN
  index, written by a trigger in the transaction that writes the article, so an article is
  searchable when it is committed and never half there. ``long`` marks texts long enough
  for PostgreSQL to cap word positions at 16,383 (their phrases are checked by words).
- ``search_lexemes``: every index term, for wildcards inside a word (``h?ppily``).
- ``library_state.generation``: counted up by every statement that changes what searches
  see, in the writer's transaction (a reader learns of a change exactly when it commits).

Revision 0010 (:data:`SPEED_STATEMENTS`, for searches at 100,000 articles and more):

- ``library_state.appended`` counts the articles ever inserted and ``reshaped`` every other
  change a search sees, so a client whose facet arrays are only behind by new articles
  appends their rows instead of reading the whole library again
  (:mod:`desktop.server.facet_rows`).
- ``ix_documents_title_words``: a GIN index of the titles' own words, so the title matches
  of a common word are found without reading every match (:mod:`desktop.server.ranking`).
- ``search_words.long`` now also marks texts where a word occurs so often that PostgreSQL
  kept only its first 255 positions: their phrases, too, are checked by words.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

#: The text search configuration the index and the queries use.
CONFIG = "sourcedesk"
#: A text at least this long may have more than 16,383 words (every word and the space
#: after it take two characters), where PostgreSQL stops counting positions.
LONG_TEXT = 32_000
#: Texts longer than this are indexed inside a guard: a ``tsvector`` holds at most 1 MB.
GUARDED_TEXT = 300_000

#: Tables whose changes a search must see (facet arrays are rebuilt after them).
WATCHED = ("documents", "mentions", "entities", "aliases", "sources", "curation_log")

#: The trigger that writes an article's words (as revision 0009 made it).
_INDEX_DOCUMENT = f"""CREATE FUNCTION sourcedesk_index_document() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        found tsvector := sourcedesk_words(NEW.title, NEW.text);
    BEGIN
        INSERT INTO search_words (document_id, long, words)
        VALUES (NEW.id, length(NEW.title) + length(NEW.text) >= {LONG_TEXT}, found)
        ON CONFLICT (document_id) DO UPDATE SET long = EXCLUDED.long, words = EXCLUDED.words;
        -- sorted, so two writers never wait for each other's new terms in a cycle
        INSERT INTO search_lexemes (lexeme)
        SELECT t FROM unnest(tsvector_to_array(found)) AS t ORDER BY t COLLATE "C"
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$"""

#: The trigger function that counts a change (as revision 0009 made it).
_CHANGED = """CREATE FUNCTION sourcedesk_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE library_state SET generation = generation + 1 WHERE id = 1;
        RETURN NULL;
    END $$"""

STATEMENTS = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH DICTIONARY sourcedesk_english (TEMPLATE = snowball, Language = english)",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR asciiword, asciihword, "
    "hword_asciipart, word, hword, hword_part WITH unaccent, sourcedesk_english",
    "CREATE TABLE search_words (document_id integer PRIMARY KEY REFERENCES documents(id) "
    "ON DELETE CASCADE, long boolean NOT NULL, words tsvector NOT NULL)",
    "CREATE INDEX ix_search_words_words ON search_words USING gin (words)",
    'CREATE TABLE search_lexemes (lexeme text COLLATE "C" PRIMARY KEY)',
    f"""CREATE FUNCTION sourcedesk_words(title text, body text) RETURNS tsvector
    LANGUAGE plpgsql STABLE AS $$
    DECLARE
        head tsvector := setweight(to_tsvector('{CONFIG}', coalesce(title, '')), 'A');
    BEGIN
        IF length(body) < {GUARDED_TEXT} THEN
            RETURN head || setweight(to_tsvector('{CONFIG}', coalesce(body, '')), 'B');
        END IF;
        BEGIN
            RETURN head || setweight(to_tsvector('{CONFIG}', body), 'B');
        EXCEPTION WHEN program_limit_exceeded THEN
            -- over 1 MB of words with positions: the words without them (no phrases here)
            RETURN head || setweight(strip(to_tsvector('{CONFIG}', body)), 'B');
        END;
    END $$""",
    _INDEX_DOCUMENT,
    "CREATE TRIGGER documents_search_words AFTER INSERT OR UPDATE OF title, text "
    "ON documents FOR EACH ROW EXECUTE FUNCTION sourcedesk_index_document()",
    "CREATE TABLE library_state (id integer PRIMARY KEY CHECK (id = 1), "
    "generation bigint NOT NULL)",
    "INSERT INTO library_state (id, generation) VALUES (1, 0)",
    _CHANGED,
    *(
        f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION sourcedesk_changed()"
        for table in WATCHED
    ),
)


#: PostgreSQL keeps at most this many positions of one word in a ``tsvector``.
MAX_POSITIONS = 255

_CAPPED = (
    f"(length(coalesce(title, '')) + length(coalesce(body, '')) >= {LONG_TEXT} OR EXISTS "
    f"(SELECT 1 FROM unnest(words) AS u WHERE array_length(u.positions, 1) >= {MAX_POSITIONS}))"
)

#: Revision 0010 (see the module): run after :data:`STATEMENTS` on a new library, and by the
#: revision on a library made at 0009.
SPEED_STATEMENTS = (
    "ALTER TABLE library_state ADD COLUMN appended bigint NOT NULL DEFAULT 0, "
    "ADD COLUMN reshaped bigint NOT NULL DEFAULT 0",
    """CREATE OR REPLACE FUNCTION sourcedesk_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE library_state SET generation = generation + 1, reshaped = reshaped + 1
        WHERE id = 1;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION sourcedesk_appended() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE library_state SET generation = generation + 1,
            appended = appended + (SELECT count(*) FROM added) WHERE id = 1;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION sourcedesk_grew() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE library_state SET generation = generation + 1 WHERE id = 1;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER documents_changed ON documents",
    "CREATE TRIGGER documents_changed AFTER UPDATE OR DELETE ON documents "
    "FOR EACH STATEMENT EXECUTE FUNCTION sourcedesk_changed()",
    "CREATE TRIGGER documents_appended AFTER INSERT ON documents REFERENCING NEW TABLE AS "
    "added FOR EACH STATEMENT EXECUTE FUNCTION sourcedesk_appended()",
    "DROP TRIGGER sources_changed ON sources",
    "CREATE TRIGGER sources_changed AFTER UPDATE OR DELETE ON sources "
    "FOR EACH STATEMENT EXECUTE FUNCTION sourcedesk_changed()",
    "CREATE TRIGGER sources_added AFTER INSERT ON sources "
    "FOR EACH STATEMENT EXECUTE FUNCTION sourcedesk_grew()",
    f"CREATE INDEX ix_documents_title_words ON documents USING gin "
    f"(to_tsvector('{CONFIG}', title))",
    f"""CREATE FUNCTION sourcedesk_capped(title text, body text, words tsvector)
    RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT {_CAPPED} $$""",
    """CREATE OR REPLACE FUNCTION sourcedesk_index_document() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        found tsvector := sourcedesk_words(NEW.title, NEW.text);
    BEGIN
        INSERT INTO search_words (document_id, long, words)
        VALUES (NEW.id, sourcedesk_capped(NEW.title, NEW.text, found), found)
        ON CONFLICT (document_id) DO UPDATE SET long = EXCLUDED.long, words = EXCLUDED.words;
        -- sorted, so two writers never wait for each other's new terms in a cycle
        INSERT INTO search_lexemes (lexeme)
        SELECT t FROM unnest(tsvector_to_array(found)) AS t ORDER BY t COLLATE "C"
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
)

#: What revision 0010 does to a library that has articles already.
SPEED_BACKFILL = (
    "UPDATE search_words s SET long = true FROM documents d WHERE d.id = s.document_id "
    "AND NOT s.long AND sourcedesk_capped(d.title, d.text, s.words)",
)

#: Revision 0010 undone (back to :data:`STATEMENTS`).
SPEED_UNDONE = (
    "DROP INDEX ix_documents_title_words",
    "DROP TRIGGER documents_appended ON documents",
    "DROP TRIGGER documents_changed ON documents",
    "CREATE TRIGGER documents_changed AFTER INSERT OR UPDATE OR DELETE ON documents "
    "FOR EACH STATEMENT EXECUTE FUNCTION sourcedesk_changed()",
    "DROP TRIGGER sources_added ON sources",
    "DROP TRIGGER sources_changed ON sources",
    "CREATE TRIGGER sources_changed AFTER INSERT OR UPDATE OR DELETE ON sources "
    "FOR EACH STATEMENT EXECUTE FUNCTION sourcedesk_changed()",
    "DROP FUNCTION sourcedesk_appended()",
    "DROP FUNCTION sourcedesk_grew()",
    _INDEX_DOCUMENT.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
    "DROP FUNCTION sourcedesk_capped(text, text, tsvector)",
    _CHANGED.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
    "ALTER TABLE library_state DROP COLUMN appended, DROP COLUMN reshaped",
)


def create_server_objects(conn: Connection) -> None:
    """Make the search objects and the change count of a new server library."""
    for statement in (*STATEMENTS, *SPEED_STATEMENTS):
        conn.execute(text(statement))
