"""Take a screenshot of the HTML report so a person can look at it.

    python tests/scripts/screenshot.py OUT.png [PATH ...] [--width 1280] [--full-page]

PATH defaults to the golden claim set (tests/golden/claims). Uses Debian's Chromium
(/usr/bin/chromium) through Playwright; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS.parent), str(TESTS)]

from helpers import CHROMIUM_FLAGS  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from checker.analysis import analyse  # noqa: E402
from checker.report import html  # noqa: E402
from checker.report.view import View  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("paths", nargs="*", default=[str(TESTS / "golden" / "claims")])
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "report.html"
        page_file.write_text(html.render(View(analyse(args.paths))), encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"),
                executable_path=CHROMIUM,
                args=CHROMIUM_FLAGS,
                viewport={"width": args.width, "height": args.height},
                color_scheme="dark" if args.dark else "light",
                bypass_csp=True,
            )
            page = browser.new_page()
            page.goto(page_file.as_uri())
            if args.full_page:
                # Cards off screen are not painted (content-visibility: auto); paint all.
                page.add_style_tag(content=".card { content-visibility: visible !important; }")
            page.screenshot(path=args.out, full_page=args.full_page)
            browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
