"""``athenakit schema``: print the JSON Schema of spec files (for editor completion)."""

from __future__ import annotations

import argparse
import json
import sys

LOGS = False  # nothing this command does logs

HELP = "print the JSON Schema of the spec file format"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--indent", type=int, default=2, help="JSON indentation (default 2)")


def run(args: argparse.Namespace) -> int:
    from athenakit.table.schema import json_schema

    json.dump(json_schema(), sys.stdout, indent=args.indent)
    sys.stdout.write("\n")
    return 0
