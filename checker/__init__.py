"""claimcheck: cross-reference factual claims from many sources and find contradictions."""

from __future__ import annotations

__version__ = "0.1.0"
