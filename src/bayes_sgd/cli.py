"""Command line: build the book, or check claims, outside the notebooks.

    python -m bayes_sgd book --profile default
"""
from __future__ import annotations

import argparse
from pathlib import Path

from . import book
from .experiments import PROFILES


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bayes_sgd", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("book", help="execute every figure notebook and build the HTML book")
    build.add_argument("--profile", choices=PROFILES, default="default")
    build.add_argument("--root", type=Path, default=Path("."), help="the book's root (with _config.yml)")
    build.add_argument("--out", type=Path, default=None, help="build folder (default: ROOT/_build)")
    build.add_argument("--expected", type=Path, default=None, help="JSON of claims each profile must reproduce")
    args = parser.parse_args(argv)
    if args.command == "book":
        book.build(args.root, args.profile, args.out, args.expected)


if __name__ == "__main__":
    main()
