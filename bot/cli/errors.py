"""User errors in the CLI: one line on stderr and exit status 2, never a traceback."""

from __future__ import annotations


class UsageError(Exception):
    """Something the user can fix: a bad argument, file, value or missing resource."""

    exit_code = 2
