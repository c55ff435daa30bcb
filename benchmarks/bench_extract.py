"""Benchmark claim extraction: articles per second on one core over the corpus.

Usage: .venv/bin/python benchmarks/bench_extract.py [--seconds 2.0] [CORPUS_DIR ...]

Reports the load time (patterns, gazetteer, compiled rules; once per process) separately from extraction,
repeats the corpus until at least `--seconds` of work, and prints peak memory (ru_maxrss).
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path,
                    default=[ROOT / "tests/corpus/dev", ROOT / "tests/corpus/seeds"])
    ap.add_argument("--seconds", type=float, default=2.0, help="minimum measured extraction time")
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    except (AttributeError, OSError):
        pass

    t0 = time.perf_counter()
    from extractors.claims import extract_claims
    from extractors.entities import _surface
    from extractors.evaluate import iter_corpus
    from extractors.rules import get_rules

    get_rules()
    _surface()
    extract_claims("Indeks SPBE Kota Bekasi 3,83.")  # warm every lazy table
    load_s = time.perf_counter() - t0

    arts = list(iter_corpus(args.dirs))
    if not arts:
        sys.exit("no articles found")
    n_chars = sum(len(a.text) for a in arts)
    done = claims = 0
    t1 = time.perf_counter()
    while True:
        for a in arts:
            claims += len(extract_claims(a.text, published=a.published, title=a.title))
        done += len(arts)
        elapsed = time.perf_counter() - t1
        if elapsed >= args.seconds:
            break
    def rate(texts: list[str]) -> float:
        done_ = 0
        t = time.perf_counter()
        while True:
            for text in texts:
                extract_claims(text)
            done_ += len(texts)
            el = time.perf_counter() - t
            if el >= args.seconds:
                return done_ / el

    # typical crawled articles are 3-5 KB. Two ways to get there from the corpus: each article followed by an
    # article without claims (a typical claim density), and each article joined to the next one (twice the
    # claims of a typical article: the worst case)
    plain = [a.text for a in iter_corpus(sorted(p for p in (ROOT / "tests/corpus").iterdir()
                                                if p.is_dir() and not p.name.startswith("sealed")))
             if a.gold == []] or [arts[0].text]
    typical = [a.text + "\n\n" + plain[i % len(plain)] for i, a in enumerate(arts)]
    pairs = [(a.text + "\n" + arts[(i + 1) % len(arts)].text) for i, a in enumerate(arts)]
    rate_typical = rate(typical)
    rate_pairs = rate(pairs)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"corpus: {len(arts)} articles, mean {n_chars / len(arts) / 1000:.1f} KB of text")
    print(f"load time: {load_s * 1000:.0f} ms (rules, gazetteer, surface table; once per process)")
    print(f"extracted {done} articles ({claims} claims) in {elapsed:.2f} s on one core")
    print(f"throughput: {done / elapsed:.0f} articles/s ({n_chars * done / len(arts) / elapsed / 1e6:.2f} MB/s)")
    print(f"throughput on ~{sum(map(len, typical)) / len(typical) / 1000:.1f} KB texts (each article followed by one "
          f"without claims, {len(plain)} of those): {rate_typical:.0f} articles/s")
    print(f"throughput on ~{sum(map(len, pairs)) / len(pairs) / 1000:.1f} KB texts (articles joined in pairs, twice "
          f"the claims): {rate_pairs:.0f} articles/s")
    print(f"peak memory: {peak_kb / 1024:.0f} MB (ru_maxrss)")


if __name__ == "__main__":
    main()
