"""Screenshots of the command centre's dashboard in both languages (docs/screenshots/dashboard-*.png),
taken with headless Chromium over a generated site served on loopback.

Run: .venv/bin/python scripts/dashboard_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selenium.webdriver.common.by import By  # noqa: E402

from bench.dashboard_bench import SITE, build_site  # noqa: E402
from registration.storage import clock  # noqa: E402
from sync.server import db, users  # noqa: E402
from sync.server.dashboard import data  # noqa: E402
from tests.sync.dashboard_browser import open_browser  # noqa: E402
from tests.sync.harness import ServerThread  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASSWORD = "screenshot password"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dashboard-shots-") as tmp:
        server = ServerThread(f"sqlite:///{Path(tmp) / 'server.db'}")
        try:
            built = build_site(server.engine, people=2400, rounds=3, registrations=5200, firms=9, gates=4)
            with db.writing(server.engine) as conn:
                users.add(conn, "zhang", "admin", None, PASSWORD, clock.now_ms())
                conn.execute(
                    data.deadlines.insert().values(
                        site=SITE,
                        round=built["round"],
                        deadline_ms=clock.now_ms() + 2 * 3_600_000 + 1_500_000,
                        set_by="zhang",
                        set_ms=clock.now_ms(),
                    )
                )
            with open_browser(1440, 900) as browser:
                browser.get(f"{server.url}/login")
                browser.find_element(By.NAME, "username").send_keys("zhang")
                browser.find_element(By.NAME, "password").send_keys(PASSWORD)
                browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
                for lang in ("zh", "en"):
                    browser.get(f"{server.url}/?lang={lang}")
                    time.sleep(0.5)
                    browser.find_element(By.CSS_SELECTOR, "#enterprises tbody tr").click()
                    time.sleep(0.8)
                    height = browser.execute_script("return document.documentElement.scrollHeight")
                    # The whole page in one picture: a viewport as tall as the page.
                    metrics = {"width": 1440, "height": int(height), "deviceScaleFactor": 1, "mobile": False}
                    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
                    time.sleep(0.3)
                    path = OUT / f"dashboard-{lang}.png"
                    browser.save_screenshot(str(path))
                    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
                    print(path.relative_to(ROOT))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
