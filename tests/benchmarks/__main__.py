"""`python -m tests.benchmarks NAME [options]`: run one benchmark module's command (`--help` for its options)."""

from __future__ import annotations

import importlib
import os
import sys

COMMANDS = ("load_national_sample", "pages", "parsing", "exports")


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in COMMANDS:
        sys.exit(f"usage: python -m tests.benchmarks {{{','.join(COMMANDS)}}} [options]")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    command = importlib.import_module(f"tests.benchmarks.{argv[1]}").Command()
    command.run_from_argv(["python -m tests.benchmarks", *argv[1:]])


if __name__ == "__main__":
    main(sys.argv)
