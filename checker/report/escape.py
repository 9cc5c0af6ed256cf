"""Characters no reader should receive raw, made visible for every output format.

C0 controls but tab, LF and CR; DEL and the C1 controls; surrogates; noncharacters; and
the bidirectional overrides and isolates that reorder what a reader sees. XML 1.0 and
HTML forbid most of them (one such character makes a JUnit file unparseable), terminals
obey them. They are shown as Python-style escapes (``\\x1b``, ``\\u202e``), as the
terminal output shows them; other format characters (ZWJ, ZWNJ) are text and stay.
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
