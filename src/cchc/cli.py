"""The `cchc` command: Django's management commands with dashed names (`cchc load-regulation FILE`)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
        if args[1] == "help" and len(args) > 2:
            args[2] = args[2].replace("-", "_")
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
