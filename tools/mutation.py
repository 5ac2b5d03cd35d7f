"""Mutation testing of the core, one module at a time, with only the tests that concern it.

    python tools/mutation.py units            # one module
    python tools/mutation.py units rules ...  # several, one after the other
    python tools/mutation.py --list
    python tools/mutation.py --again rules   # after writing tests: re-run only the last survivors
                                             # (and the mutants a stopped run never reached)

Each run copies the project into /tmp/greendesk-mutation/<module>/ (mutmut 3 rewrites the code it
mutates, so it never touches the working tree), writes a [tool.mutmut] section naming the one
module and its tests, runs `nice -n 10 mutmut run --max-children N` (N from GREENDESK_MUTATION_CHILDREN, default 1: the machine is shared), and
prints the score: killed ÷ all mutants (a mutant no test runs counts as a survivor). Survivors are listed with `mutmut results`; inspect one with `mutmut show <name>`
in that folder. docs/testing.md records the scores and the equivalent survivors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("GREENDESK_MUTATION_DIR", "/tmp/greendesk-mutation"))

MODULES: dict[str, tuple[list[str], list[str]]] = {
    "units": (["greendesk/units.py"], ["tests/core/test_units.py", "tests/core/test_unit_factors.py"]),
    "compute": (["greendesk/compute.py"], ["tests/core/test_compute.py", "tests/core/test_compute_products.py",
                                           "tests/core/test_compute_display.py",
                                           "tests/core/test_unit_factors.py",
                                           "tests/core/test_rules_edges.py"]),
    "rules": (["greendesk/rules.py"], ["tests/core/test_rules.py", "tests/core/test_rules_edges.py",
                                       "tests/core/test_manual_texts.py", "tests/core/test_findings_exact.py"]),
    "rollover": (["greendesk/rollover.py"], ["tests/core/test_rollover.py", "tests/core/test_unit_factors.py",
                                             "tests/core/test_rollover_report.py"]),
    "draft": (["greendesk/draft.py"], ["tests/core/test_draft.py", "tests/core/test_fingerprint.py",
                                       "tests/core/test_draft_model.py"]),
    "document": (["greendesk/document.py"], ["tests/core/test_document.py", "tests/core/test_fingerprint.py",
                                             "tests/core/test_document_messages.py", "tests/core/test_document_foreign.py",
                                             "tests/core/test_document_from_dict.py",
                                             "tests/core/test_document_edges.py"]),
    "storage": (["greendesk/storage.py"], ["tests/core/test_storage.py", "tests/core/test_storage_messages.py",
                                         "tests/core/test_storage_reading.py", "tests/core/test_special_files.py",
                                         "tests/core/test_undecodable_names.py"]),
    "session": (["greendesk/session.py"], ["tests/core/test_session.py", "tests/core/test_session_commands.py",
                                           "tests/core/test_session_report_status.py"]),
    "export": (["greendesk/export/*"], ["tests/core/export/", "tests/core/test_cli_export_import.py"]),
    # export/ is 7,000 mutants: the same module in three parts, run apart
    "export_pdf": (["greendesk/export/pdf.py", "greendesk/export/records_pdf.py"],
                   # the pieces, layout and documents without drawing (milliseconds), then six PDFs read
                   # back (a survivor costs every render); GREENDESK_MUTATION_PDF_CHEAP=1 leaves those out
                   # (a cheap pass that gives every mutant a verdict, then --again with them). The font and
                   # checklist files render the sample per test: their checks of pdf.py are in the pieces
                   ["tests/core/export/test_pdf_pieces.py", "tests/core/export/test_pdf_layout.py",
                    "tests/core/export/test_pdf_documents.py"]
                   + ([] if os.environ.get("GREENDESK_MUTATION_PDF_CHEAP") else
                      ["tests/core/export/test_pdf_readback.py"])),
    "export_xlsx": (["greendesk/export/xlsx_export.py", "greendesk/export/records_xlsx.py",
                     "greendesk/export/guard.py", "greendesk/export/__init__.py", "greendesk/export/cli.py"],
                    # what a user sees of each workbook, the guard case by case, the CLI's messages
                    ["tests/core/export/test_guard_table.py", "tests/core/export/test_guard_plain.py",
                     "tests/core/export/test_xlsx_as_seen.py",
                     "tests/core/export/test_records_xlsx_as_seen.py", "tests/core/test_cli_export_messages.py",
                     "tests/core/export/test_xlsx_records_rows.py", "tests/core/export/test_records_import_limits.py",
                     "tests/core/export/test_xlsx_cli_messages.py",
                     "tests/core/export/test_xlsx_builder_edges.py"]),
    "export_import": (["greendesk/export/xlsx_import.py", "greendesk/export/xlsx_reader.py"],
                      # the small hand-made workbooks only: the round trips of the sample (a PDF and a
                      # workbook rendered per test) cost minutes per mutant on this machine
                      ["tests/core/export/test_xlsx_reader.py", "tests/core/export/test_xlsx_import_rows.py",
                       "tests/core/export/test_import_cells_and_places.py"]),
}

COPY = ("greendesk", "ui", "resources", "tests", "README.md")


def _config(only: list[str], tests: list[str]) -> str:
    q = lambda xs: "[" + ", ".join(json.dumps(x) for x in xs) + "]"  # noqa: E731
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["greendesk/"]\n'
        f"only_mutate = {q(only)}\n"
        'also_copy = ["resources", "ui", "tests", "README.md"]\n'
        f"pytest_add_cli_args_test_selection = {q(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-m", "not slow", "-W", "ignore"]\n'
    )


def prepare(name: str, again: bool = False) -> Path:
    """Copy the project to WORK/<name>; with `again`, over the last run (its results are kept)."""
    only, tests = MODULES[name]
    dest = WORK / name
    if not again:
        shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True, exist_ok=True)
    for item in COPY:
        src = ROOT / item
        if src.is_dir():
            shutil.rmtree(dest / item, ignore_errors=True)
            shutil.copytree(src, dest / item, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.exists():
            shutil.copy2(src, dest / item)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    # drop the repository's default section (its lines never start with "[")
    text = re.sub(r"\n\[tool\.mutmut\]\n(?:(?!\n\[).)*", "\n", text, flags=re.S)
    (dest / "pyproject.toml").write_text(text + _config(only, tests), encoding="utf-8")
    return dest


def statuses(dest: Path, env: dict[str, str]) -> dict[str, str]:
    """Every mutant of the last run and its verdict (`mutmut results --all true`)."""
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    out = subprocess.run([mutmut, "results", "--all", "true"], cwd=dest, env=env, capture_output=True,
                         text=True, check=False).stdout
    return {m.group(1): m.group(2) for m in re.finditer(r"^\s*(\S+): (.+?)\s*$", out, flags=re.M)}


def merged(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """Verdicts over both runs: mutmut forgets earlier verdicts when the test list changes, but a
    mutant killed before stays killed by the same tests; a verdict of the new run wins."""
    final = dict(before)
    final.update({n: s for n, s in after.items() if s != "not checked" or n not in final})
    return final


def counts(final: dict[str, str]) -> dict[str, int]:
    counts = {"total": len(final)}
    for s in final.values():
        key = s.replace(" ", "_")
        counts[key] = counts.get(key, 0) + 1
    return counts


def run(name: str, again: bool = False) -> dict[str, int]:
    dest = prepare(name, again)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    ledger = dest / "verdicts.json"  # every verdict so far, kept across --again runs
    before: dict[str, str] = {}
    if again and (dest / "mutants").exists():
        before = json.loads(ledger.read_text(encoding="utf-8")) if ledger.exists() else {}
        before = merged(before, statuses(dest, env))
    # the survivors, and any mutant a stopped run never reached
    names = [n for n, s in before.items() if s in ("survived", "no tests", "not checked")]
    children = os.environ.get("GREENDESK_MUTATION_CHILDREN", "1")
    # only the named survivors run: after a change to the module's source, run it afresh (no --again)
    subprocess.run(["nice", "-n", "10", mutmut, "run", "--max-children", children, *names], cwd=dest,
                   env=env, stdout=subprocess.DEVNULL, check=False)
    subprocess.run([mutmut, "export-cicd-stats"], cwd=dest, env=env, capture_output=True, check=False)
    stats = json.loads((dest / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    final = merged(before, statuses(dest, env))
    ledger.write_text(json.dumps(final, ensure_ascii=False, indent=0), encoding="utf-8")
    return counts(final) if before else stats


def score(stats: dict[str, int]) -> str:
    total = stats.get("total", 0)
    killed = stats.get("killed", 0)
    return f"{killed}/{total} killed ({100 * killed / total:.1f} %)" if total else "no mutants"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("modules", nargs="*")
    p.add_argument("--list", action="store_true")
    p.add_argument("--again", action="store_true",
                   help="keep the last run's results and re-run only its survivors against today's tests")
    args = p.parse_args(argv)
    if args.list or not args.modules:
        for name, (only, tests) in MODULES.items():
            print(f"{name:10} {' '.join(only):28} ← {' '.join(tests)}")
        return 0
    for name in args.modules:
        stats = run(name, args.again)
        print(f"{name}: {score(stats)}  {json.dumps(stats, ensure_ascii=False)}", flush=True)
        print(f"  survivors: cd {WORK / name} && mutmut results", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
