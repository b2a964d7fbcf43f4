"""A database of a site's own on the suite's PostgreSQL server, made and dropped as the
backup tests, the two-machine test and the benchmarks make and drop theirs
(``benchmarks.server.postgres_database``), by a user with CREATEDB and nothing more."""

import os
import time

import psycopg
import pytest

from benchmarks.server import postgres_database

SUITE_DATABASE = os.environ.get("DATABASE_URL", "")

pytestmark = pytest.mark.skipif(
    not SUITE_DATABASE.startswith("postgres"),
    reason="Drops databases on a PostgreSQL server, and this run has SQLite, which has"
    " no server; make test-postgres and CI run this",
)

# Vacuumed at once and slowly: an autovacuum worker comes and stays for most of a minute.
SLOW_TO_VACUUM = (
    "CREATE TABLE slow (n int) WITH (autovacuum_vacuum_threshold = 0,"
    " autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_delay = 100,"
    " autovacuum_vacuum_cost_limit = 1)"
)


def database_exists(name):
    with psycopg.connect(SUITE_DATABASE, autocommit=True) as server:
        found = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


def other_sessions(name):
    """Sessions in database ``name`` not of our role (autovacuum's have none)."""
    with psycopg.connect(SUITE_DATABASE, autocommit=True) as server:
        found = server.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = %s AND usename IS DISTINCT FROM current_user",
            [name],
        )
        return found.fetchone()[0]


def test_the_database_is_dropped_with_a_session_of_the_site_still_open():
    with postgres_database(SUITE_DATABASE, "drop_test_open_session") as url:
        left_open = psycopg.connect(url)
        left_open.execute("CREATE TABLE kept (n int)")
    assert not database_exists("drop_test_open_session")
    with pytest.raises(psycopg.OperationalError):
        left_open.execute("SELECT 1")
    left_open.close()


def test_the_database_is_dropped_while_autovacuum_works_in_it():
    with postgres_database(SUITE_DATABASE, "drop_test_autovacuum") as url:
        with psycopg.connect(url, autocommit=True) as site:
            site.execute(SLOW_TO_VACUUM)
            site.execute("INSERT INTO slow SELECT generate_series(1, 100000)")
            site.execute("DELETE FROM slow")
        # The launcher visits each database at least once a minute (autovacuum_naptime).
        deadline = time.monotonic() + 120
        while not other_sessions("drop_test_autovacuum"):
            if time.monotonic() > deadline:
                pytest.fail("No autovacuum worker came in two minutes: is autovacuum on?")
            time.sleep(0.2)
    assert not database_exists("drop_test_autovacuum")
