"""Take the README's screenshots of the web app: the overview, a measure's teams, a team page and a
child's journey at a desktop's width, and the overview and a child's journey at a phone's.

    .venv/bin/python scripts/screenshots.py --db lineofsight.db [--team T006] [--child C006930]
        [--measure AS01]

Serves the app on loopback over the given database (the `stretched` council of `make demo`), signs in
as a director made for the purpose in Debian's headless chromium, and writes the top of each page (or
of the part named after `#`) to docs/screenshots/ as PNG.
"""

from __future__ import annotations

import argparse
import secrets
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from lineofsight import accounts, store
from lineofsight.settings import Settings
from lineofsight.web.app import create_app

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--db", default="lineofsight.db")
    parser.add_argument("--team", default="T006")
    parser.add_argument("--child", default="C006930")
    parser.add_argument("--measure", default="AS01")
    args = parser.parse_args()
    engine = store.connect(args.db)
    store.migrate(engine)
    password = secrets.token_urlsafe(18)
    accounts.add_user(engine, "screenshots", password, "director", replace=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    app = create_app(engine, Settings())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(f"{base}/sign-in")
        page.get_by_label("Username").fill("screenshots")
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        for name, path, width in (
            ("overview", "/", 1280),
            ("measure-teams", f"/measures/{args.measure}#teams", 1280),
            ("team", f"/teams/{args.team}", 1280),
            ("child", f"/children/{args.child}", 1280),
            ("child-timeline", f"/children/{args.child}#timeline", 1280),
            ("overview-phone", "/", 375),
            ("child-phone", f"/children/{args.child}#now", 375),
        ):
            page.set_viewport_size({"width": width, "height": 1000 if width > 375 else 800})
            page.goto(base + path, timeout=120_000)
            page.screenshot(path=str(OUT / f"{name}.png"))
            print(f"wrote {OUT / f'{name}.png'}")
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
