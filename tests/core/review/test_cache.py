"""The review cache: a second 批量审核 of unchanged files does not review them again, and a file
is never judged by an entry made for other bytes, another name, another program or a damaged cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greendesk.review import cache, unit
from greendesk.review.runner import review_files, run_review
from tests.conftest import SAMPLES


@pytest.fixture(autouse=True)
def _cache_from_one_file(monkeypatch):
    """The cache is used from CACHE_FROM files on; these tests use a few."""
    from greendesk.review import runner

    monkeypatch.setattr(runner, "CACHE_FROM", 1)


@pytest.fixture
def counted(monkeypatch):
    """How many drafts were really reviewed (not taken from the cache)."""
    calls: list[str] = []
    real = unit.review_file

    def spy(path, data=None):
        calls.append(Path(path).name)
        return real(path, data)

    monkeypatch.setattr(unit, "review_file", spy)
    return calls


def _results(paths, **kw) -> dict[str, dict]:
    return {Path(u.file).name: u.to_json() for u in review_files(paths, workers=1, **kw)}


def test_a_second_review_of_the_same_files_reviews_none_and_finds_the_same(tmp_path, variant, counted):
    paths = [variant("a.json"), variant("b.json", lambda d: d.fields.update(q2="是", explanation="已整改"))]
    first = _results(paths)
    assert counted == ["a.json", "b.json"]
    assert cache.path().is_file() and cache.path().parent != tmp_path  # the per-user folder
    second = _results(paths)
    assert counted == ["a.json", "b.json"]  # nothing reviewed again
    assert second == first
    assert "compliance_yes" in second["b.json"]["flags"]


def test_a_changed_file_is_reviewed_again(tmp_path, variant, counted):
    path = variant("a.json")
    assert _results([path])["a.json"]["flags"] == []
    variant("a.json", lambda d: d.fields.update(q2="是", explanation="已整改"))  # same name, new bytes
    again = _results([path])
    assert counted == ["a.json", "a.json"]
    assert again["a.json"]["flags"] == ["compliance_yes"]


def test_the_same_bytes_under_another_name_are_reviewed_under_that_name(tmp_path, counted):
    damaged = b'{"format_version": 2, "app": "GreenDesk", '
    (tmp_path / "x.json").write_bytes(damaged)
    (tmp_path / "y.json").write_bytes(damaged)
    results = _results([tmp_path / "x.json", tmp_path / "y.json"])
    assert counted == ["x.json", "y.json"]
    assert results["y.json"]["reason"].startswith("文件「y.json」无法读取")


def test_the_file_is_named_by_its_own_path_when_taken_from_the_cache(tmp_path, variant, counted):
    a = variant("a.json", folder=tmp_path / "一")
    _results([a])
    b = tmp_path / "二" / "a.json"
    b.parent.mkdir()
    b.write_bytes(a.read_bytes())  # the same file copied to another folder
    assert _results([b])["a.json"]["file"] == str(b)
    assert counted == ["a.json"]


@pytest.mark.parametrize("damage", [b"", b"{", b"[]", b'{"context": "x", "units": {}}',
                                    b'{"context": null, "units": []}'], ids=["empty", "cut", "list", "other", "types"])
def test_a_damaged_or_foreign_cache_is_no_cache(variant, counted, damage):
    path = variant("a.json")
    cache.path().parent.mkdir(parents=True, exist_ok=True)
    cache.path().write_bytes(damage)
    assert _results([path])["a.json"]["readable"] is True
    assert counted == ["a.json"]
    assert json.loads(cache.path().read_bytes())["context"] == cache.context()  # written anew


def test_an_entry_from_another_program_version_is_not_used(variant, counted, monkeypatch):
    path = variant("a.json")
    _results([path])
    monkeypatch.setattr(cache, "__version__", "9.9.9")
    _results([path])
    assert counted == ["a.json", "a.json"]


def test_a_bad_entry_is_reviewed_again(variant, counted):
    path = variant("a.json")
    _results([path])
    stored = json.loads(cache.path().read_bytes())
    for k in stored["units"]:
        stored["units"][k] = {"no": "such field"}
    cache.path().write_text(json.dumps(stored), encoding="utf-8")
    assert _results([path])["a.json"]["readable"] is True
    assert counted == ["a.json", "a.json"]


def test_no_cache_when_switched_off(variant, counted, monkeypatch):
    path = variant("a.json")
    monkeypatch.setenv(cache.OFF_ENV, "0")
    _results([path])
    _results([path])
    assert counted == ["a.json", "a.json"] and not cache.path().exists()


def test_cross_file_flags_are_not_kept_in_the_cache(tmp_path, variant):
    variant("a.json")
    variant("b.json")  # the same credit code: both duplicate
    assert all("duplicate_uscc" in u.flags for u in run_review([tmp_path]).units)
    (tmp_path / "b.json").unlink()
    assert [u.flags for u in run_review([tmp_path]).units] == [[]]


def test_a_workbook_is_not_cached(tmp_path, counted):
    book = tmp_path / "a.xlsx"
    book.write_bytes(b"not a workbook")
    _results([book])
    _results([book])
    assert counted == ["a.xlsx", "a.xlsx"]


def test_many_files_in_worker_processes_use_and_fill_the_cache(tmp_path):
    sample = (SAMPLES / "green-factory-2025.json").read_bytes()
    paths = []
    for i in range(60):  # enough for the worker processes
        p = tmp_path / f"u{i:02d}.json"
        p.write_bytes(sample)
        paths.append(p)
    first = [u.to_json() for u in review_files(paths, workers=2)]
    assert len(json.loads(cache.path().read_bytes())["units"]) == 60  # one per name
    (tmp_path / "u00.json").write_bytes(b"{")
    second = [u.to_json() for u in review_files(paths, workers=2)]
    assert second[1:] == first[1:]
    assert second[0]["readable"] is False


def test_started_worker_processes_read_the_cache_themselves(tmp_path, monkeypatch):
    """Where workers are started, not forked (Windows), each reads the cache file."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    sample = (SAMPLES / "green-factory-2025.json").read_bytes()
    paths = []
    for i in range(48):
        p = tmp_path / f"u{i:02d}.json"
        p.write_bytes(sample)
        paths.append(p)
    list(review_files(paths, workers=1))  # fills the cache
    stored = json.loads(cache.path().read_bytes())
    for entry in stored["units"].values():
        entry["name"] = "取自缓存"  # what only the cache says
    cache.path().write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    assert {u.name for u in review_files(paths, workers=2)} == {"取自缓存"}


def test_a_few_files_do_without_the_cache(variant, counted, monkeypatch):
    from greendesk.review import runner

    monkeypatch.setattr(runner, "CACHE_FROM", 3)
    paths = [variant("a.json"), variant("b.json")]
    _results(paths)
    _results(paths)
    assert counted == ["a.json", "b.json"] * 2 and not cache.path().exists()


@pytest.mark.parametrize("damage", [
    lambda e: e.update(flags=None), lambda e: e.update(flags="has_errors"), lambda e: e.update(errors="3"),
    lambda e: e.update(details={"has_errors": 5}), lambda e: e.update(readable=1), lambda e: e.update(report_year="2025"),
    "garbage", None, [1, 2],
], ids=["flags-null", "flags-text", "errors-text", "detail-number", "readable-int", "year-text",
        "text", "null", "list"])
def test_an_entry_of_the_wrong_types_is_no_entry(variant, counted, damage):
    """QA: an entry with "flags": null (or a whole entry replaced by text) crashed the review with a
    traceback and no report; a cache that cannot be used is no cache."""
    path = variant("a.json")
    first = _results([path])["a.json"]
    stored = json.loads(cache.path().read_bytes())
    for k in stored["units"]:
        if callable(damage):
            damage(stored["units"][k])
        else:
            stored["units"][k] = damage
    cache.path().write_text(json.dumps(stored), encoding="utf-8")
    assert _results([path])["a.json"] == first
    assert counted == ["a.json", "a.json"]


@pytest.mark.parametrize("workers", [1, 2])
def test_without_the_cache_no_file_is_hashed_for_it(tmp_path, variant, monkeypatch, workers):
    # --no-cache (or a review the cache is not used for) works out no cache key: hashing each
    # draft for a cache that is not kept cost a tenth of the review
    monkeypatch.setattr("greendesk.review.runner.PARALLEL_FROM", 1)
    paths = [variant(f"{i}.json") for i in range(3)]

    def no_key(*_a, **_k):
        raise AssertionError("a cache key was worked out")

    monkeypatch.setattr(cache, "key", no_key)
    units = list(review_files(paths, workers=workers, use_cache=False))
    assert [Path(u.file).name for u in units] == ["0.json", "1.json", "2.json"]
    assert all(u.readable for u in units)


def test_the_key_changes_with_any_byte_and_only_with_the_bytes_and_name():
    # a draft is hashed in two parts (its content, its form definition copy): a byte changed in
    # either part, or the name, is another entry; the same bytes are the same entry, whatever
    # files were hashed before (the definition copy's hash is remembered between files)
    data = (SAMPLES / "green-factory-2025.json").read_bytes()
    at = data.rfind(b'\n "definition": ')
    assert 0 < at < len(data) // 2  # the sample is a draft as saved: the definition last
    first = cache.key(data, "a.json")
    in_head = data.replace(b'"report_year": 2025', b'"report_year": 2026', 1)
    in_tail = data[:-200] + data[-200:].replace(b'"', b"'", 1)
    moved = data[:at] + b" " + data[at:]  # the same parts, split elsewhere
    at_the_split = data[:at - 1] + b" " + data[at:]  # the last byte before the definition
    keys = [cache.key(d, "a.json") for d in (in_head, in_tail, moved, at_the_split, data[:at], data + b"\n")]
    assert len({first, *keys}) == 7
    assert cache.key(data, "b.json") != first
    assert cache.key(bytes(data), "a.json") == first
