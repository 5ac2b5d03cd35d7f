"""Structural fuzzing of drafts: not only odd values but odd *shapes* — nesting, number literals of
every form, huge integers, text with control characters, lone surrogates and rare characters,
wrong types at every JSON path, duplicate keys, other encodings, damaged format-1 drafts.

For every case, opening the draft either succeeds or raises DocumentError with a Chinese message
(anything else is a crash); the file's bytes are never changed; and a value of the file that the
loaded draft does not hold as written is announced in the notes shown to the user (never lost
silently). What loads must validate, fingerprint, save-and-reload equal, and export.

A quick run by default; GREENDESK_FUZZ_FULL=1 runs 10,000 cases (GREENDESK_FUZZ_CASES overrides)
and prints the figures recorded in docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import random
import re
import traceback
from collections import Counter
from pathlib import Path

from greendesk import document
from greendesk.document import DocumentError
from tests.conftest import SAMPLES

FULL = os.environ.get("GREENDESK_FUZZ_FULL") == "1"
CASES = int(os.environ.get("GREENDESK_FUZZ_CASES", 10_000 if FULL else 120))
SEED = int(os.environ.get("GREENDESK_FUZZ_SEED", 20251201))
EXPORT_EVERY = 25  # every n-th draft that loads is also exported to Excel (in memory)
SAMPLE_TEXT = (SAMPLES / "green-factory-2025.json").read_text(encoding="utf-8")
_bare = json.loads(SAMPLE_TEXT)
_bare.pop("definition", None)
BARE_TEXT = json.dumps(_bare, ensure_ascii=False)  # without the embedded definition: the shipped form
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_FROM_LIBRARIES = re.compile(r"Input should|Traceback|Error:|Expecting|line \d+ column|object has no")


# ---------------------------------------------------------------- what goes in

NUMBER_LITERALS = [
    "0", "-0", "1", "-1", "0.0", "-0.0", "1.5", "1e3", "1E3", "1e+3", "1e-3", "1.0e10", "-1e-320",
    "0.0000000000000000001", "1e308", "1e309", "-1e309", "1e-400", "1e999999", "4.9e-324",
    "123456789012345678901234567890", "9" * 400, "9" * 4301, "-" + "9" * 5000, "1" + "0" * 20,
    "NaN", "Infinity", "-Infinity", "1.7976931348623157e308", "2.5e-5", "100000000000000000000.5",
    "0.1234567890123456789012345", "1e15", "999999999999999", "1000000000000000",
]
BAD_LITERALS = ["01", "0x10", "1_000", "+1", ".5", "5.", "1e", "--1", "1..2", "infinity", "nan", "True"]
CONTROL = [chr(c) for c in (*range(0x00, 0x20), 0x7F, 0x85, 0x2028, 0x2029, 0x200B, 0x200E, 0x202A,
                             0x202E, 0x2066, 0xFEFF, 0xFFFE, 0xFFFF)]
RARE = ["𠀀", "𪚥", "㐀", "䶵", "𰻝", "😀", "👨‍👩‍👧", "ཀ", "ع", "ไทย", "e\u0301", "ﬁ", "Å", "ℌ", "①", "Ａ９",
        "\U0010FFFF", "\U000E0001", "ᄀ", "𝔸", "\u3000", "〇"]
SURROGATE_ESCAPES = ["\\ud800", "\\udfff", "\\udc00\\ud800", "a\\ud83d", "\\ud83d\\ude00", "\\udbff"]


def _text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 6)):
        pick = rng.random()
        if pick < 0.3:
            parts.append(rng.choice(CONTROL))
        elif pick < 0.55:
            parts.append(rng.choice(RARE))
        elif pick < 0.7:
            parts.append("绿色工厂" * rng.randint(1, 3))
        elif pick < 0.8:
            parts.append(rng.choice(["=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "-2", "\t=1"]))
        elif pick < 0.9:
            parts.append("x" * rng.choice([1, 80, 5000, 60_000]))
        else:
            parts.append(str(rng.choice([12, "3.5", "９９", "1,000", " 7 "])))
    return "".join(parts)


def _value(rng: random.Random, depth: int = 0):
    """Any JSON value, nested a little."""
    pick = rng.random()
    if depth < 3 and pick < 0.15:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 3 and pick < 0.3:
        return {_text(rng)[:20] or "k": _value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    if pick < 0.4:
        return rng.choice([None, True, False])
    if pick < 0.6:
        return rng.choice([0, -1, 7, 2025, 2**31, 2**63, -(2**64), 1.5, -0.0, 1e308, 5e-324])
    return _text(rng)


def _slots(node, out, path=()):
    """Every (container, key, path) in a JSON tree."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in list(items):
        out.append((node, key, (*path, key)))
        _slots(child, out, (*path, key))
    return out


def _as_format_1(obj: dict) -> dict:
    """The sample as a preview build (format 1) wrote it: flat `values` and `rows`."""
    rows = {rid: {"unit": e.get("unit"), "note": e.get("note", ""), **e.get("values", {})}
            for rid, e in obj["table"].items()}
    return {"format_version": 1, "app": obj["app"], "app_version": "0.0", "form_id": obj["form"]["id"],
            "form_version": obj["form"]["version"], "year": obj["report_year"],
            "values": dict(obj["fields"]), "rows": rows}


MARK = "\u2063FUZZ{}\u2063"  # a placeholder later replaced by raw JSON text (literals, escapes)


def _case(rng: random.Random) -> tuple[bytes, str]:
    """One hostile draft and the name of what was done to it."""
    with_definition = rng.random() < 0.3
    obj = json.loads(SAMPLE_TEXT if with_definition else BARE_TEXT)
    kind = rng.choice(["types", "types", "numbers", "numbers", "text", "text", "nesting", "keys",
                       "duplicates", "encoding", "format1", "truncate", "mixed"])
    if kind == "format1":
        obj = _as_format_1(obj)
    raw: list[str] = []

    def mark(text: str) -> str:
        raw.append(text)
        return MARK.format(len(raw) - 1)

    if "definition" in obj and rng.random() < 0.3:  # the embedded definition's own structure
        slots = _slots(obj["definition"], [])
    else:
        slots = [s for s in _slots({k: v for k, v in obj.items() if k != "definition"}, [])]
        slots = [(obj if len(path) == 1 else node, key, path) for node, key, path in slots]
    for _ in range(rng.randint(1, 4) if kind != "mixed" else rng.randint(4, 12)):
        container, key, _path = rng.choice(slots)
        how = kind if kind not in ("mixed", "format1", "encoding", "truncate") else rng.choice(
            ["types", "numbers", "text", "nesting", "keys"])
        if how == "types":
            container[key] = _value(rng)
        elif how == "numbers":
            container[key] = mark(rng.choice(NUMBER_LITERALS + BAD_LITERALS[:2] if rng.random() < 0.1
                                             else NUMBER_LITERALS))
        elif how == "text":
            if rng.random() < 0.3:
                container[key] = mark('"' + rng.choice(SURROGATE_ESCAPES) + '"')
            else:
                container[key] = _text(rng)
        elif how == "nesting":
            depth = rng.choice([10, 100, 1000, 5000, 100_000])
            container[key] = mark("[" * depth + "1" + "]" * depth if rng.random() < 0.5
                                  else '{"a":' * depth + "1" + "}" * depth)
        elif how == "keys" and isinstance(container, dict) and key in container:
            container[rng.choice(["", "\x00", "𠀀", "k" * 500, "E0", "2024", "__proto__", "fields"])] = \
                container.pop(key)
        elif how == "duplicates":
            pass
    text = json.dumps(obj, ensure_ascii=False)
    if kind == "duplicates":  # the same key twice in one object, the later one different
        text = text.replace('"factory_name": ', '"factory_name": "甲厂", "factory_name": ', 1) \
            if rng.random() < 0.5 else text.replace('"2024": ', '"2024": "1", "2024": ', 1)
    for i, literal in enumerate(raw):
        text = text.replace(json.dumps(MARK.format(i), ensure_ascii=False), literal)
    if kind == "encoding":
        enc = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig", "gb18030", "latin-1"])
        data = text.encode(enc, errors="replace")
    else:
        data = text.encode("utf-8", errors="surrogatepass")
    if kind == "truncate":
        data = data[: rng.randrange(len(data))]
    return data, kind


# ---------------------------------------------------------------- what must come out


def _leaves(obj, section: str) -> dict[tuple, object]:
    """The user's values of a format-2 draft as written in the file: fields and table values."""
    out: dict[tuple, object] = {}
    if not isinstance(obj, dict):
        return out
    fields = obj.get("fields")
    if section == "fields" and isinstance(fields, dict):
        out = {(k,): v for k, v in fields.items()}
    table = obj.get("table")
    if section == "table" and isinstance(table, dict):
        for rid, entry in table.items():
            values = entry.get("values") if isinstance(entry, dict) else None
            if isinstance(values, dict):
                out.update({(rid, y): v for y, v in values.items()})
    return out


def _duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise _Duplicate(sorted(dupes))
    return dict(pairs)


class _Duplicate(ValueError):
    pass


def _silently_lost(data: bytes, opened) -> list[str]:
    """Values in the file that the loaded draft does not hold as written, with no note saying so."""
    if opened.notes:
        return []  # the user is told that something was changed or left out
    try:
        text = data.decode("utf-8-sig")
        json.loads(text, object_pairs_hook=_duplicate_keys)
    except _Duplicate as dup:  # one of two values under the same key was dropped
        return [f"duplicate key {dup.args[0]}: one value taken silently"]
    except (ValueError, RecursionError):
        return []
    obj = json.loads(text)
    if not isinstance(obj, dict) or obj.get("format_version") != 2:
        return []
    lost = []
    draft = opened.draft
    for (key,), v in _leaves(obj, "fields").items():
        if isinstance(v, str) and v and draft.fields.get(key) != v:
            lost.append(f"fields.{key}: {v[:40]!r} → {draft.fields.get(key, '(missing)')!r}")
    for (rid, year), v in _leaves(obj, "table").items():
        entry = draft.table.get(rid)
        held = entry.values.get(str(year)) if entry else None
        if isinstance(v, str) and v and held != v:
            lost.append(f"table.{rid}.{year}: {v[:40]!r} → {held!r}")
    return lost


def _after_load(opened, export_too: bool) -> None:
    """What a loaded draft must survive: validation, fingerprint, save and reload, exports."""
    from greendesk.rules import validate

    draft, definition = opened.draft, opened.definition
    validate(definition, draft)
    draft.fingerprint()
    again = document.loads(document.dumps(draft), "fuzz")
    assert again.fingerprint() == draft.fingerprint(), "save and reload changed the content"
    if export_too:
        from greendesk.export import ExportError
        from greendesk.export.xlsx_export import render_xlsx

        try:
            render_xlsx(definition, draft)
        except ExportError as exc:
            assert CJK.search(exc.message), exc.message


def run_cases(n: int, seed: int, folder: Path) -> dict:
    rng = random.Random(seed)
    outcome: Counter = Counter()
    kinds: Counter = Counter()
    crashes: list[str] = []
    changed: list[str] = []
    lost: list[str] = []
    english: list[str] = []
    loaded = 0
    for i in range(n):
        data, kind = _case(rng)
        kinds[kind] += 1
        path = folder / f"case-{i % 50}.json"
        path.write_bytes(data)
        stamp = os.stat(path).st_mtime_ns
        try:
            opened = document.open_draft(path)
        except DocumentError as exc:
            outcome["refused"] += 1
            if not CJK.search(exc.message) or ENGLISH_FROM_LIBRARIES.search(exc.message):
                english.append(f"{kind}: {exc.message[:160]}")
        except BaseException as exc:  # noqa: BLE001 — the point: nothing else may escape
            if isinstance(exc, KeyboardInterrupt):
                raise
            outcome["crash-on-load"] += 1
            crashes.append(f"{kind} load: {type(exc).__name__}: {str(exc)[:160]} @ "
                           + traceback.extract_tb(exc.__traceback__)[-1].name)
        else:
            outcome["loaded"] += 1
            loaded += 1
            lost += [f"{kind}: {x}" for x in _silently_lost(data, opened)]
            try:
                _after_load(opened, export_too=loaded % EXPORT_EVERY == 0)
            except Exception as exc:  # noqa: BLE001
                outcome["crash-after-load"] += 1
                crashes.append(f"{kind} after load: {type(exc).__name__}: {str(exc)[:160]} @ "
                               + traceback.extract_tb(exc.__traceback__)[-1].name)
        if path.read_bytes() != data or os.stat(path).st_mtime_ns != stamp:
            changed.append(f"{kind}: case {i}")
    return {"cases": n, "seed": seed, "outcome": dict(outcome), "kinds": dict(kinds), "crashes": crashes,
            "changed": changed, "lost": lost, "english": english}


def test_hostile_draft_structures_never_crash_change_the_file_or_lose_a_value(tmp_path, capsys):
    figures = run_cases(CASES, SEED, tmp_path)
    with capsys.disabled():
        print(f"\ndraft structure fuzzing: {figures['cases']} cases, seed {figures['seed']}, "
              f"{figures['outcome']}, kinds {figures['kinds']}")
        for group in ("crashes", "changed", "lost", "english"):
            distinct = Counter(x.split(": ", 1)[-1][:120] for x in figures[group])
            print(f"  {group}: {len(figures[group])} ({len(distinct)} distinct)")
            for text, count in distinct.most_common(12):
                print(f"    {count}× {text}")
    assert figures["crashes"] == []
    assert figures["changed"] == []
    assert figures["lost"] == []
    assert figures["english"] == []
