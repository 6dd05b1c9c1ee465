"""Where a screening query spends its time: cProfile of ``Screener.screen`` over the
throughput benchmark's query mix (the same queries, shuffled the same way, caches warmed the
same way), sorted by own time.

Run: bench/.venv-screening/bin/python bench/screening/profile.py [--queries N] [--top N]
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's directory comes first on the path and its name shadows the
# standard library's ``profile``, which ``cProfile`` imports: import that first without it.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]

import argparse  # noqa: E402
import cProfile  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402

sys.path.insert(0, str(_HERE))
from lists import read_bundled  # noqa: E402
from quality import screen_each, throughput_mix  # noqa: E402

from bankwire.sanctions.screening import Screener  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    lists = read_bundled()
    entries = [entry for parsed in lists.values() for entry in parsed.entries]
    screener = Screener.build(entries)
    queries = throughput_mix(list(lists["us_ofac_sdn"].entries))[: args.queries]
    screen_each(
        screener, queries[:200]
    )  # As throughput.py: warm the token caches with other queries first.
    profiler = cProfile.Profile()
    cpu = time.process_time()
    profiler.enable()
    screen_each(screener, queries)
    profiler.disable()
    cpu = time.process_time() - cpu
    print(f"{len(queries)} queries, {len(queries) / cpu:.0f} names/s CPU under the profiler")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
