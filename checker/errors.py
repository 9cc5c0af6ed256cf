"""The one base of every error a user can cause and fix (flake8's ``exceptions.py``).

A ``ClaimcheckError`` is a request that cannot be carried out: a PATH holding no claim
file, an unreadable baseline, a topic no claim is about, a refused resolution, an
article or table that cannot be read. Its message is one line for the user, and the
command line catches it in one place (exit 2). Problems in claim files are never errors
of this kind: they are :class:`checker.problems.Problem` values in the report.
"""

from __future__ import annotations


class ClaimcheckError(Exception):
    """A request claimcheck cannot carry out; the message is one line for the user."""
