"""The load for benchmarks/web_speed.py: people reading the overview and a team page.

Each simulated user is a signed-in reader (an API token in `Authorization: Bearer`, so no sign-in page
is timed) who opens a page, reads it for about a second, and opens the next. Environment:
LINEOFSIGHT_BENCH_TOKEN (the token) and LINEOFSIGHT_BENCH_TEAM (the team page's team id).
"""

from __future__ import annotations

import os

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser


class Reader(FastHttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Bearer {os.environ['LINEOFSIGHT_BENCH_TOKEN']}"}
        self.team = os.environ["LINEOFSIGHT_BENCH_TEAM"]

    @task
    def overview(self) -> None:
        self.client.get("/", headers=self.headers, name="overview")

    @task
    def team(self) -> None:
        self.client.get(f"/teams/{self.team}", headers=self.headers, name="team page")
