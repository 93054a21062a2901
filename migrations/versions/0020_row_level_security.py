"""Row-level security, the second wall (docs/security.md, "Row-level security")

- Roles `boussole_app` (one person's rows) and `boussole_system` (named cross-person work): NOLOGIN,
  NOSUPERUSER, NOBYPASSRLS, created if missing (roles belong to the cluster, not this database). They get DML on
  the tables and sequences, now and for tables the owner creates later; nothing else.
- `rls_protect(table, rule)`: ENABLE + FORCE row-level security on a table with the two standard policies,
  `person` for `boussole_app` (USING and WITH CHECK `rule`, by default `user_id = the transaction's person`) and
  `system` for `boussole_system`. A later migration protects a new table with one line:
  `op.execute("SELECT rls_protect('data_keys')")`. `rls_unprotect(table)` undoes it (downgrades).
- Protected here: every table with a `user_id` column (found in the catalog), `users` by its id, recipe
  ingredients and instructions through their recipe. Not protected, because they hold no one's data (the
  catalog test in tests/db/test_rls.py lists them with the reason): `jobs` (queue rows naming message ids),
  `audit_events` (pseudonymous: keyed hashes), `alembic_version` (no grant at all).
- memory_search() and audit_events_append_only() get a fixed search_path (splinter lint 0011).

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-29 19:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("boussole_app", "boussole_system")
PERSON = "nullif(current_setting('app.user_id', true), '')::uuid"
BY_RECIPE = "EXISTS (SELECT 1 FROM recipes r WHERE r.id = recipe_id)"


def lit(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


MEMORY_SEARCH = (
    "memory_search(uuid, timestamptz, text[], text[], vector, text, boolean, boolean, int, int, int, float8, "
    "float8, float8, float8, float8, float8, float8, boolean)"
)

PROTECT = f"""
CREATE OR REPLACE FUNCTION rls_protect(p_table regclass, p_rule text DEFAULT {lit("user_id = " + PERSON)})
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public AS $fn$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format('DROP POLICY IF EXISTS person ON %s', p_table);
    EXECUTE format('CREATE POLICY person ON %s FOR ALL TO boussole_app USING (%s) WITH CHECK (%s)',
                   p_table, p_rule, p_rule);
    EXECUTE format('DROP POLICY IF EXISTS system ON %s', p_table);
    EXECUTE format('CREATE POLICY system ON %s FOR ALL TO boussole_system USING (true) WITH CHECK (true)', p_table);
END
$fn$;

CREATE OR REPLACE FUNCTION rls_unprotect(p_table regclass)
RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, public AS $fn$
BEGIN
    EXECUTE format('DROP POLICY IF EXISTS person ON %s', p_table);
    EXECUTE format('DROP POLICY IF EXISTS system ON %s', p_table);
    EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY', p_table);
    EXECUTE format('ALTER TABLE %s DISABLE ROW LEVEL SECURITY', p_table);
END
$fn$;

REVOKE ALL ON FUNCTION rls_protect(regclass, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION rls_unprotect(regclass) FROM PUBLIC;
"""

PERSON_TABLES = """
SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
   AND EXISTS (SELECT 1 FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attname = 'user_id' AND a.attnum > 0 AND NOT a.attisdropped)
"""


def upgrade() -> None:
    for role in ROLES:
        op.execute(
            f"""DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                    CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
                END IF;
            END $$"""
        )
        op.execute(f"ALTER ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE")
    roles = ", ".join(ROLES)
    op.execute(f"GRANT USAGE ON SCHEMA public TO {roles}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {roles}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {roles}")
    op.execute(f"REVOKE ALL ON alembic_version FROM {roles}")
    # The audit log is append-only for the application (erasure removes nothing from it: it names no one).
    op.execute(f"REVOKE UPDATE, DELETE ON audit_events FROM {roles}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {roles}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {roles}")
    op.execute(f"ALTER FUNCTION {MEMORY_SEARCH} SET search_path = public, pg_catalog")
    op.execute("ALTER FUNCTION audit_events_append_only() SET search_path = pg_catalog")
    op.execute(f"GRANT EXECUTE ON FUNCTION {MEMORY_SEARCH} TO {roles}")
    op.execute(PROTECT)
    op.execute(f"SELECT rls_protect(t::regclass) FROM ({PERSON_TABLES}) AS p(t)")
    op.execute(f"SELECT rls_protect('users', {lit('id = ' + PERSON)})")
    for child in ("recipe_ingredients", "recipe_instructions"):
        op.execute(f"SELECT rls_protect('{child}', {lit(BY_RECIPE)})")


def downgrade() -> None:
    op.execute(
        """SELECT rls_unprotect(c.oid::regclass) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relrowsecurity"""
    )
    op.execute("DROP FUNCTION rls_protect(regclass, text)")
    op.execute("DROP FUNCTION rls_unprotect(regclass)")
    op.execute(f"ALTER FUNCTION {MEMORY_SEARCH} RESET search_path")
    op.execute("ALTER FUNCTION audit_events_append_only() RESET search_path")
    roles = ", ".join(ROLES)
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {roles}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {roles}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {roles}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {roles}")
    op.execute(f"REVOKE ALL ON FUNCTION {MEMORY_SEARCH} FROM {roles}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {roles}")
    # The roles stay: they belong to the cluster, and another database may still grant them something.
