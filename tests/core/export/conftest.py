"""Under mutmut only: run the cheapest tests of the export workbooks first.

mutmut hands pytest each mutant's tests in no particular order and stops at the first failure
(`-x`). Most mutants of the workbook exporter fail an assertion on the module-rendered sample
(`test_xlsx_as_seen.py`); run in that file order, a mutant is judged after one render instead of
after the self-rendering tests (long texts, CLI exports, imports) that happened to come first.
Outside mutmut the order is pytest's own."""

from __future__ import annotations

import os

_FIRST = ("test_guard_table.py", "test_xlsx_as_seen.py", "test_xlsx_builder_edges.py",
          "test_xlsx_records_rows.py", "test_records_xlsx_as_seen.py", "test_xlsx_cli_messages.py",
          "test_cli_export_messages.py")


def pytest_collection_modifyitems(session, config, items):
    if os.environ.get("MUTANT_UNDER_TEST") in (None, "", "stats", "fail"):
        return
    rank = {name: i for i, name in enumerate(_FIRST)}
    place = {id(item): i for i, item in enumerate(items)}

    def key(item) -> tuple[int, int]:  # by file rank, then where the test is written; others as given
        r = rank.get(item.path.name)
        return (r, item.location[1] or 0) if r is not None else (len(_FIRST), place[id(item)])

    items.sort(key=key)
