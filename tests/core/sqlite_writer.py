"""Run as `python -m tests.core.sqlite_writer N` with the project's settings: print the
connection's journal mode, wait for a line on standard input (so that several start
writing at once), then make N transactions that each read the largest number in a table
and write the next one, as a web request and the worker do on the same database."""

import sys

import django

django.setup()

from django.db import connection, transaction  # noqa: E402


def main(count: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        print(cursor.fetchone()[0], flush=True)
    sys.stdin.readline()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS counter (n INTEGER PRIMARY KEY)")
    for _ in range(count):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(n), 0) FROM counter")
            (last,) = cursor.fetchone()
            cursor.execute("INSERT INTO counter (n) VALUES (%s)", [last + 1])


if __name__ == "__main__":
    main(int(sys.argv[1]))
