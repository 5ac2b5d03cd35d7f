"""批量审核 at a province's scale: 10,000 drafts reviewed vs. plain `json.load` of the same files.

The drafts are made in a temporary folder from the two shipped samples with varied values (names,
valid credit codes, indicator values, some large year-on-year jumps, some 是 answers, some still
草稿, a few damaged files), each embedding its 85 KB form definition as real drafts do. Both timings
read the same files from the same (warm) page cache, alternately, best of two; the review runs cold
(no review cache). Timed apart: the first review as a user runs it (the review cache on and empty,
so every result is also kept) and a second review with that cache ("review again").

    python -m bench.review [N]      # N drafts (default 10,000)
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "resources" / "samples" / f"green-factory-{y}.json" for y in (2025, 2024)]
DEFAULT_N = 10_000
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _uscc(rng: random.Random) -> str:
    from stdnum.cn import uscc

    while True:
        body = "9144" + "".join(rng.choice("0123456789") for _ in range(4)) + "".join(
            rng.choice(_CODE_CHARS) for _ in range(9))
        code = body + uscc.calc_check_digit(body)
        if uscc.is_valid(code):
            return code


def _vary(raw: dict, i: int, rng: random.Random) -> dict:
    d = dict(raw)
    fields = dict(d["fields"])
    fields["factory_name"] = f"示范企业{i:05d}有限公司"
    fields["uscc"] = _uscc(rng)
    if i % 50 == 0:
        fields["q2"], fields["explanation"] = "是", "发生一般安全事故一起，已整改。"
    if i % 70 == 0:
        fields["q7"], fields["former_name"] = "否", f"示范厂{i:05d}"
    d["fields"] = fields
    table = {}
    for rid, entry in d["table"].items():
        factor = rng.uniform(0.9, 1.1)
        values = {}
        for year, text in entry["values"].items():
            jump = 2.2 if (i % 25 == 0 and rid == "E1" and year == max(entry["values"])) else 1
            v = float(text) * factor * jump
            values[year] = f"{v:.2f}" if "." in text else str(max(0, round(v)))
        table[rid] = {**entry, "values": values}
    d["table"] = table
    if i % 10 == 0:
        d["state"] = "draft"
    return d


def make_drafts(folder: Path, n: int, seed: int = 2025) -> list[Path]:
    """n draft files; the definition is serialised once per sample and spliced in (as big as real)."""
    rng = random.Random(seed)
    bases = []
    for p in SAMPLES:
        raw = json.loads(p.read_bytes())
        definition = json.dumps(raw.pop("definition"), ensure_ascii=False, indent=1)
        bases.append((raw, definition.replace("\n", "\n ")))
    paths = []
    for i in range(n):
        raw, definition = bases[0] if i % 5 else bases[1]
        body = json.dumps(_vary(raw, i, rng), ensure_ascii=False, indent=1)
        text = body[:-2] + ',\n "definition": ' + definition + "\n}\n"
        if i % 1000 == 999:
            text = text[: len(text) // 3]  # a damaged file: cut off while saving
        p = folder / f"{i // 500:02d}" / f"unit{i:05d}.json"
        p.parent.mkdir(exist_ok=True)
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the review's worker processes).

    On a shared machine wall time says how busy the others are; CPU time says what the work costs:
    on two free cores the review takes about its CPU time / 2."""
    if sys.platform == "win32":
        return time.process_time()
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _json_load_all(paths: list[Path]) -> tuple[float, float]:
    t0, c0 = time.perf_counter(), _cpu()
    for p in paths:
        with open(p, encoding="utf-8") as fh, contextlib.suppress(ValueError):  # the damaged ones
            json.load(fh)
    return time.perf_counter() - t0, _cpu() - c0


def _review_all(paths: list[Path], workers: int | None, use_cache: bool = False) -> tuple[float, float, list]:
    """The review of every file; cold (no review cache) unless `use_cache`."""
    from greendesk.review.runner import review_files

    t0, c0 = time.perf_counter(), _cpu()
    units = list(review_files(paths, workers=workers, use_cache=use_cache))
    return time.perf_counter() - t0, _cpu() - c0, units


def measure(n: int = DEFAULT_N) -> dict:
    import greendesk.review.unit  # noqa: F401 — imported before timing, as the CLI has by then

    out: dict = {"n": n, "cpus": os.cpu_count()}
    if hasattr(os, "getloadavg"):  # how busy the machine was: wall times depend on it, CPU times less
        out["load_before"] = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = make_drafts(Path(tmp), n)
        out["generate_s"] = time.perf_counter() - t0
        out["mb"] = sum(p.stat().st_size for p in paths) / 1e6
        loads, reviews = [], []
        for _ in range(2):
            loads.append(_json_load_all(paths))
            seconds, cpu, units = _review_all(paths, None)
            reviews.append((seconds, cpu))
        (out["json_load_s"], out["json_load_cpu_s"]) = min(loads)
        (out["review_s"], out["review_cpu_s"]) = min(reviews)
        wall, cpu, _ = _review_all(paths[: n // 10], 1)
        out["review_1core_s"], out["review_1core_cpu_s"] = wall * 10, cpu * 10
        # a second review of the same files (the reviewer runs it again): the cache of a first one
        # (in a private data folder, never the user's) spares every unchanged file its review
        before = os.environ.get("GREENDESK_DATA_DIR")
        os.environ["GREENDESK_DATA_DIR"] = str(Path(tmp) / "userdata")
        try:
            # the first review as a user runs it (the cache on, and empty): each result is also kept
            out["review_keep_s"], out["review_keep_cpu_s"], _ = _review_all(paths, None, use_cache=True)
            out["review_again_s"], out["review_again_cpu_s"], _ = _review_all(paths, None, use_cache=True)
        finally:
            if before is None:
                os.environ.pop("GREENDESK_DATA_DIR", None)
            else:
                os.environ["GREENDESK_DATA_DIR"] = before
        out["json_load_ms_per_file"] = 1000 * out["json_load_cpu_s"] / n
        out["review_ms_per_file"] = 1000 * out["review_cpu_s"] / n
        from greendesk.review.report_xlsx import render_xlsx
        from greendesk.review.runner import flag_duplicates

        flag_duplicates(units)
        t0 = time.perf_counter()
        data = render_xlsx(units)
        out["report_s"] = time.perf_counter() - t0
        out["report_mb"] = len(data) / 1e6
        out["unreadable"] = sum(not u.readable for u in units)
        out["flagged"] = sum(bool(u.flags) for u in units)
    if sys.platform != "win32":
        import resource

        out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out["peak_child_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if hasattr(os, "getloadavg"):
        out["load_after"] = os.getloadavg()[0]
    return out


def results() -> list[tuple[str, float, float | None]]:
    m = measure(int(os.environ.get("BENCH_REVIEW_N", DEFAULT_N)))
    n = m["n"]
    rows = [
        (f"json.load {n} 份草稿 (plain, 1 core)", m["json_load_s"] * 1000, None),
        (f"批量审核 {n} 份草稿 review ({m['cpus']} cores)", m["review_s"] * 1000,
         min(10_000.0, 2 * m["json_load_s"] * 1000)),
        (f"批量审核 {n} 份 (1 core, from {n // 10})", m["review_1core_s"] * 1000, None),
        (f"批量审核 {n} 份, 缓存开启 first review, cache on (empty)", m["review_keep_s"] * 1000,
         min(10_000.0, 2 * m["json_load_s"] * 1000)),
        (f"再次批量审核 {n} 份 review again (cache)", m["review_again_s"] * 1000, None),
        (f"json.load {n} 份 CPU time", m["json_load_cpu_s"] * 1000, None),
        (f"批量审核 {n} 份 CPU time (all processes)", m["review_cpu_s"] * 1000,
         2 * m["json_load_cpu_s"] * 1000),
        (f"审核报告工作簿 report workbook ({n} rows)", m["report_s"] * 1000, None),
    ]
    if "peak_mb" in m:
        rows.append(("峰值内存 review peak (MB, parent)", m["peak_mb"], None))
        rows.append(("峰值内存 review peak (MB, a worker)", m["peak_child_mb"], None))
    return rows


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_N
    m = measure(n)
    for k, v in m.items():
        print(f"{k:16s} {v:.3f}" if isinstance(v, float) else f"{k:16s} {v}")
    print(f"ratio review / json.load (wall): {m['review_s'] / m['json_load_s']:.2f}")
    print(f"ratio review / json.load (CPU, 1 core): {m['review_1core_cpu_s'] / m['json_load_cpu_s']:.2f}")
    print(f"ratio review / json.load (CPU, all processes): {m['review_cpu_s'] / m['json_load_cpu_s']:.2f}")
    print(f"two free cores, estimated: {m['review_cpu_s'] / 2:.1f} s vs json.load {m['json_load_cpu_s']:.1f} s")
