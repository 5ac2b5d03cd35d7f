"""Review many files: find them, review them on every core, then add the flags that compare files.

Results stream back in input order, one small `UnitResult` per file; no draft outlives its review.
Worker processes each keep their own cache of validated definitions, and get files in chunks so
that one process start and one definition check serve many files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from greendesk import scan_check
from greendesk.review import cache as review_cache
from greendesk.review import unit as review_unit
from greendesk.review.flags import sort_codes
from greendesk.review.unit import (
    DRAFT_SUFFIXES,
    OTHER_WORKBOOKS,
    REPORT_SOURCE,
    WORKBOOK_SUFFIXES,
    UnitResult,
    review_cached,
    warm,
)

SCAN_SUFFIXES = scan_check.SCAN_SUFFIXES  # every kind check-scan reads (.tif, .bmp were skipped)
OPINION_SUFFIX = ".review.json"  # the reviewer's own file (see `opinions`), never a unit
CHUNK = 64  # files per task sent to a worker process
PARALLEL_FROM = 48  # fewer files than this are reviewed in this process (no start-up cost)
CACHE_FROM = 100  # fewer files than this take under half a second: not worth loading the cache


@dataclass
class Inputs:
    units: list[Path] = field(default_factory=list)  # drafts and workbooks, in review order
    scans: dict[Path, list[Path]] = field(default_factory=dict)  # folder → scans found in it
    missing: list[Path] = field(default_factory=list)  # named inputs that do not exist


def _skipped(p: Path) -> bool:
    name = p.name
    return (name.startswith((".", "~$")) or name.endswith(OPINION_SUFFIX))


def discover(inputs: Iterable[Path], exclude: Iterable[Path] = ()) -> Inputs:
    """Files named on the command line are units whatever their kind (a wrong one becomes an
    unreadable row); folders are searched recursively for drafts, workbooks and scans, skipping
    hidden files and folders (backups) and Excel's lock files. `exclude` (the report being
    written) is never an input."""
    out = Inputs()
    skip = {_key(p) for p in exclude}
    seen: set[str] = set()

    def add_unit(p: Path) -> None:
        k = _key(p)
        if k not in seen and k not in skip:
            seen.add(k)
            out.units.append(p)

    for given in inputs:
        given = Path(given)
        if given.is_dir():
            for root, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                folder = Path(root)
                for name in sorted(files):
                    p = folder / name
                    suffix = p.suffix.lower()
                    if _skipped(p) or _key(p) in skip:
                        continue
                    if suffix in DRAFT_SUFFIXES or suffix in WORKBOOK_SUFFIXES or suffix in OTHER_WORKBOOKS:
                        add_unit(p)  # (.xls and the like: a row saying how to make them readable)
                    elif suffix in SCAN_SUFFIXES:
                        out.scans.setdefault(folder, []).append(p)
        elif given.exists():
            if given.suffix.lower() in SCAN_SUFFIXES:
                out.scans.setdefault(given.parent, []).append(given)
            else:
                add_unit(given)
        else:
            out.missing.append(given)
    return out


def _key(p: Path) -> str:
    try:
        return os.path.normcase(str(Path(p).resolve()))
    except OSError:
        return os.path.normcase(str(p))


_cache: dict[str, dict] | None = None  # a worker's copy of the review cache (see `review.cache`)


def _use_cache(entries: dict[str, dict]) -> None:
    global _cache
    _cache = entries


def _load_cache() -> None:
    _use_cache(review_cache.load())


def _review_chunk(paths: list[str]) -> list[tuple[UnitResult, str | None]]:
    return [_review_one(Path(p), _cache) for p in paths]


def _review_one(path: Path, cache: dict[str, dict] | None) -> tuple[UnitResult, str | None]:
    """`review_cached` with a cache; without one, the file's review alone (no key worked out:
    hashing every draft and copying every result for a cache not kept cost ~10 % of a review)."""
    return review_cached(path, cache) if cache is not None else (review_unit.review_file(path), None)


def _chunks(paths: list[Path], size: int) -> Iterator[list[str]]:
    for i in range(0, len(paths), size):
        yield [str(p) for p in paths[i:i + size]]


def _pool(workers: int, entries: dict[str, dict] | None = None):
    """A process pool, or None where there is none (frozen builds without multiprocessing)."""
    try:
        import multiprocessing
    except ImportError:
        return None
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    if entries is None:
        setup, args = None, ()
    elif method == "fork":
        setup, args = _use_cache, (entries,)  # shared with the parent, not copied
    else:  # a started worker (Windows) reads the cache file itself rather than get a pickled copy
        setup, args = _load_cache, ()
    try:
        return multiprocessing.get_context(method).Pool(workers, initializer=setup, initargs=args)
    except (OSError, ValueError, ImportError):
        return None


def review_files(paths: list[Path], *, workers: int | None = None, use_cache: bool = True) -> Iterator[UnitResult]:
    """Each file's result, in the order given; on every core when there are many files. With
    `use_cache` and at least CACHE_FROM files, a draft reviewed before with the same bytes and
    name is not reviewed again."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    use_cache = use_cache and len(paths) >= CACHE_FROM and review_cache.enabled()
    made_with = review_cache.context() if use_cache else ""
    entries = review_cache.load(made_with) if use_cache else {}
    added: dict[str, dict] = {}
    pool = None
    if workers > 1 and len(paths) >= PARALLEL_FROM:
        warm()  # before the workers fork: they share what it loads
        pool = _pool(workers, entries if use_cache else None)
    if pool is None:
        for p in paths:
            result, k = _review_one(p, entries if use_cache else None)
            if k is not None:
                added[k] = result.to_json()  # a copy: the cross-file flags come later
            yield result
    else:
        size = max(1, min(CHUNK, len(paths) // (workers * 4) or 1))
        try:
            for chunk in pool.imap(_review_chunk, _chunks(paths, size)):
                for result, k in chunk:
                    if k is not None:
                        added[k] = result.to_json()
                    yield result
        finally:
            pool.terminate()
            pool.join()
    if use_cache:
        review_cache.save(entries, added, made_with)


def parallel_map(fn: Callable, items: list, workers: int | None = None) -> Iterator:
    """`map(fn, items)` in order, over a process pool when there are several slow items."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    pool = _pool(workers) if workers > 1 and len(items) >= 2 else None
    if pool is None:
        yield from map(fn, items)
        return
    try:
        yield from pool.imap(fn, items)
    finally:
        pool.terminate()
        pool.join()


@dataclass
class Review:
    units: list[UnitResult]
    missing: list[Path]
    reports: list[Path] = field(default_factory=list)  # earlier review reports met, not reviewed
    unchecked_scans: list[tuple[str, str]] = field(default_factory=list)  # (scan, why not compared)


# (units, scans by folder, mapper) → the scans compared with no draft: see review.scans.check_scans
ScanChecker = Callable[..., list[tuple[str, str]]]


def run_review(inputs: Iterable[Path], *, exclude: Iterable[Path] = (), workers: int | None = None,
               progress: Callable[[int, int], None] | None = None,
               scans: ScanChecker | None = None, use_cache: bool = True) -> Review:
    """Review every input; `progress(done, total)` after each file; `scans` checks stamped scans;
    `use_cache`: see `review_files`."""
    found = discover(inputs, exclude)
    units: list[UnitResult] = []
    total = len(found.units)
    reports: list[Path] = []
    for i, result in enumerate(review_files(found.units, workers=workers, use_cache=use_cache), 1):
        if result.source == REPORT_SOURCE:
            reports.append(Path(result.file))
        else:
            units.append(result)
        if progress:
            progress(i, total)
    for p in found.missing:
        units.append(UnitResult(file=str(p), readable=False, reason=f"找不到「{p}」。",
                                flags=["unreadable"], details={"unreadable": f"找不到「{p}」。"}))
    flag_duplicates(units)
    unchecked: list[tuple[str, str]] = []
    if scans is not None and found.scans:
        unchecked = scans(units, found.scans, lambda fn, items: parallel_map(fn, items, workers))
    for u in units:
        u.flags = sort_codes(u.flags)
    return Review(units, found.missing, reports=reports, unchecked_scans=list(unchecked or []))


def flag_duplicates(units: list[UnitResult]) -> None:
    """The same credit code in two files of the same report year (last year's table of the same
    unit beside this year's is not a duplicate)."""
    by_code: dict[tuple[str, int | None], list[UnitResult]] = {}
    for u in units:
        if u.readable and u.uscc:
            by_code.setdefault((u.uscc, u.report_year), []).append(u)
    for same in by_code.values():
        if len(same) > 1:
            for u in same:
                others = [Path(o.file).name for o in same if o is not u]
                u.flag("duplicate_uscc", f"与 {'、'.join(others[:3])}"
                                         f"{'等' if len(others) > 3 else ''} 相同")
