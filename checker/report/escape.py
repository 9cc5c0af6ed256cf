"""Characters no reader should receive raw, made visible for every output format.

Two sanitisers, both writing Python-style escapes (``\\x1b``, ``\\u202e``):

:func:`visible`, for documents (HTML, JUnit, GraphML and GEXF): C0 controls but tab, LF
and CR; DEL and the C1 controls; surrogates; noncharacters; and the bidirectional
overrides and isolates that reorder what a reader sees. XML 1.0 and HTML forbid most of
them (one such character makes a JUnit file unparseable), terminals obey them. Other
format characters (ZWJ, ZWNJ) are text and stay.

:func:`clean`, for terminals and logs (text, GitHub annotations, ``show``, ``trust``):
everything :meth:`str.isprintable` refuses - the above, and also other separators and
format characters - since a terminal may act on or hide any of them.
"""

from __future__ import annotations

import re

INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        chr(plane + 0xFFFE) + "-" + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)
    )
    + "]"
)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char <= "\xff":
        return f"\\x{ord(char):02x}"
    return f"\\u{ord(char):04x}" if char <= "\uffff" else f"\\U{ord(char):08x}"


def visible(text: str) -> str:
    """``text`` with the characters above replaced by visible escapes."""
    return INVISIBLE.sub(_escape, text)


def clean(text: str, keep: str = "") -> str:
    """``text`` for a terminal: each character that is not printable, except those in
    ``keep``, replaced by its Python escape."""
    return "".join(ch if ch.isprintable() or ch in keep else repr(ch)[1:-1] for ch in text)
