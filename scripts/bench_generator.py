"""Benchmark the demo generator: wall time, rows written and peak memory at a given size.

Runs the generator in a child process into a temporary folder (nothing in the project is
touched) and prints the numbers. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

GENERATOR = Path(__file__).resolve().parent / "generate_demo_data.py"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the generator once and print what it cost."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1_000_000, help="default 1,000,000")
    parser.add_argument("--seed", type=int, default=42, help="default 42")
    parser.add_argument("--as-of", default="2026-06-15", help="default 2026-06-15")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="recon-bench-") as tmp:
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                str(GENERATOR),
                "--customers",
                str(args.customers),
                "--seed",
                str(args.seed),
                "--as-of",
                args.as_of,
                "--duckdb-path",
                str(Path(tmp) / "bench.duckdb"),
                "--map-seed",
                str(Path(tmp) / "map.csv"),
            ],
            check=True,
        )
        elapsed = time.perf_counter() - started
        size_mb = sum(path.stat().st_size for path in Path(tmp).iterdir()) / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"generator: {args.customers:,} customers in {elapsed:.1f}s wall "
        f"({args.customers / elapsed:,.0f} customers/s), peak memory {peak_mb:,.0f} MB, "
        f"{size_mb:,.0f} MB written"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
