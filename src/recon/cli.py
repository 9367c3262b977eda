"""The `recon` command: one subcommand per job around the dbt build.

Each subcommand is a module of this package with its own `main(argv)` and options
(`recon <subcommand> --help`); the daily job itself is a plain `dbt build`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

# subcommand: (module, what it does)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "demo-data": ("recon.demo_data", "land the generated demo world (raw tables and key map)"),
    "contracts": (
        "recon.data_contracts",
        "the Great Expectations checkpoint on the raw tables (--postgres, --spark: before a build "
        "there)",
    ),
    "summary": ("recon.summary", "print the story of the last build from the marts"),
    "digest": ("recon.digest", "write (and post) the morning digest of a built day"),
    "match": (
        "recon.match",
        "match suggestions for unmapped records: suggest (--postgres), accept, evaluate",
    ),
    "report": ("recon.report", "write the exception report of a built day: one offline HTML file"),
    "replay": ("recon.replay", "replay demo days, a daily build each, with fixes and digests"),
    "bench": ("recon.bench", "the daily build against a hand-written query, by size"),
}


def usage() -> str:
    """Return the help text: the subcommands and what each does."""
    width = max(len(name) for name in SUBCOMMANDS)
    lines = [
        "usage: recon <subcommand> [options]   (recon <subcommand> --help for its options)",
        "",
        "subcommands:",
        *(f"  {name:<{width}}  {what}" for name, (_, what) in SUBCOMMANDS.items()),
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the subcommand named first in `argv` with the rest of it."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in SUBCOMMANDS:
        print(f"recon: no subcommand {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(SUBCOMMANDS[name][0])
    return module.main(rest)
