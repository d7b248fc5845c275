"""The load for benchmarks/web_speed.py: a council's people at work, every role, and a load running.

Each simulated person signs in through the sign-in form, as a browser does, and then works as their
role does, a page at a time with a pause between (`LINEOFSIGHT_BENCH_THINK`: "0.5-1.5" seconds by
default, "0" for none):

- a director: the overview, a measure's page and its children, the teams, a team's page, a child's
  journey, the access log; now and then the overview's CSV and a measure's JSON;
- a head of service: much the same, more team pages and children;
- a team manager: their team's page, its JSON and its alerts CSV, and their team's children's
  journeys (page, JSON, timeline CSV);
- a social worker: My work, its JSON and CSV, and their own children's journeys;
- an analyst: the overview, measures, their JSON, the Data page and the history of loads;
- an auditor: the overview, measures, children's journeys, the history of loads;
- a BI tool, with an analyst's API token: the overview's and a measure's JSON, the measures contract;
- and one analyst who, ten seconds in (`LINEOFSIGHT_BENCH_LOAD_AT`; negative for never), uploads the
  council's own CIN census on the Data page (a load running while everyone works), and again every
  `LINEOFSIGHT_BENCH_LOAD_EVERY` seconds if set.

Requests are named by what they are ("child page", "team CSV"), so the statistics are per page.
`LINEOFSIGHT_BENCH_PEOPLE` names a JSON file written by web_speed.py: the accounts and their
password, the teams, workers and children each role works with, the measure codes, the census to
upload and the BI tool's token.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

PEOPLE: dict[str, Any] = json.loads(Path(os.environ["LINEOFSIGHT_BENCH_PEOPLE"]).read_text())
THINK = os.environ.get("LINEOFSIGHT_BENCH_THINK", "0.5-1.5")
LOAD_EVERY = float(os.environ.get("LINEOFSIGHT_BENCH_LOAD_EVERY", "0") or 0)
LOAD_AT = float(os.environ.get("LINEOFSIGHT_BENCH_LOAD_AT", "10") or 10)  # negative: no load at all
TIMELINE = os.environ.get("LINEOFSIGHT_BENCH_TIMELINE", "")  # a file for every request's time, if set
CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
TAKEN: dict[str, int] = {}  # accounts of each role handed out so far


def pause() -> Any:
    if THINK in ("", "0"):
        return constant(0)
    low, high = (float(part) for part in THINK.split("-"))
    return between(low, high)


class Person(FastHttpUser):
    """Someone signed in through the form: a session cookie from then on."""

    abstract = True
    insecure = True  # the benchmark's self-signed certificate
    wait_time = pause()
    role = ""
    csrf = ""

    def on_start(self) -> None:
        # An account of one's own: many sign-ins at once for one username from one computer are
        # throttled as guesses (accounts.authenticate), as they should be.
        taken = TAKEN.setdefault(self.role, 0)
        TAKEN[self.role] = taken + 1
        account = PEOPLE["accounts"][self.role][taken % len(PEOPLE["accounts"][self.role])]
        self.account = account
        # Three tries, as a person would: on a machine short of CPU a sign-in (argon2, by design
        # slow) can time out, and every page after a failed one would count as another failure.
        for _ in range(3):
            form = self.client.get("/sign-in", name="sign-in form")
            found = CSRF.search(form.text or "")
            data = {"username": account["username"], "password": PEOPLE["password"], "next": "/"}
            data["csrf_token"] = found.group(1) if found else ""
            with self.client.post(
                "/sign-in",
                data=urlencode(data),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                name="sign in",
                allow_redirects=False,
                catch_response=True,
            ) as signed:
                if signed.status_code == 303:
                    break
                signed.failure(f"sign-in answered {signed.status_code}")
        self.csrf = data["csrf_token"]

    def page(self, path: str, name: str) -> str:
        """A page, which must answer 200 itself (a redirect to the sign-in page is a failure)."""
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} on {path}")
            return answer.text or ""

    def child(self, children: list[str]) -> None:
        """A child's journey: the page, then sometimes its JSON twin or its timeline download."""
        if not children:
            return
        child = random.choice(children)
        self.page(f"/children/{child}", "child page")
        chance = random.random()
        if chance < 0.2:
            self.page(f"/api/children/{child}", "child JSON")
        elif chance < 0.3:
            self.page(f"/children/{child}/timeline.csv", "child timeline CSV")

    def measure(self) -> None:
        code = random.choice(PEOPLE["measures"])
        self.page(f"/measures/{code}", "measure page")
        chance = random.random()
        if chance < 0.15:
            self.page(f"/api/measures/{code}", "measure JSON")
        elif chance < 0.25:
            self.page(f"/measures/{code}/children.csv", "measure children CSV")


class Director(Person):
    role = "director"
    weight = 3

    @task(3)
    def overview(self) -> None:
        self.page("/", "overview")

    @task(3)
    def a_measure(self) -> None:
        self.measure()

    @task(1)
    def teams(self) -> None:
        self.page("/teams", "teams")

    @task(2)
    def a_team(self) -> None:
        self.page(f"/teams/{random.choice(PEOPLE['teams'])}", "team page")

    @task(3)
    def a_child(self) -> None:
        self.child(PEOPLE["children"]["all"])

    @task(1)
    def access_log(self) -> None:
        if self.role == "director":  # a head of service reads a team's page instead
            self.page("/access-log", "access log")
        else:
            self.a_team()

    @task(1)
    def overview_csv(self) -> None:
        self.page("/overview.csv", "overview CSV")


class HeadOfService(Director):
    role = "head_of_service"
    weight = 3


class TeamManager(Person):
    role = "team_manager"
    weight = 12

    @task(4)
    def my_team(self) -> None:
        self.page(f"/teams/{self.account['team_id']}", "team page")

    @task(1)
    def my_team_json(self) -> None:
        self.page(f"/api/teams/{self.account['team_id']}", "team JSON")

    @task(1)
    def my_team_csv(self) -> None:
        self.page(f"/teams/{self.account['team_id']}/alerts.csv", "team CSV")

    @task(5)
    def a_child(self) -> None:
        self.child(PEOPLE["children"]["team"][self.account["team_id"]])

    @task(1)
    def overview(self) -> None:
        self.page("/", "overview")


class SocialWorker(Person):
    role = "social_worker"
    weight = 20

    @task(4)
    def my_work(self) -> None:
        self.page("/my-work", "my work")

    @task(1)
    def my_work_json(self) -> None:
        self.page("/api/my-work", "my work JSON")

    @task(1)
    def my_work_csv(self) -> None:
        self.page("/my-work/due.csv", "my work CSV")

    @task(6)
    def a_child(self) -> None:
        self.child(PEOPLE["children"]["worker"][self.account["worker_id"]])


class Analyst(Person):
    role = "analyst"
    weight = 5

    @task(3)
    def overview(self) -> None:
        self.page("/", "overview")

    @task(3)
    def a_measure(self) -> None:
        self.measure()

    @task(1)
    def overview_json(self) -> None:
        self.page("/api/overview", "overview JSON")

    @task(1)
    def data(self) -> None:
        self.page("/data", "data page")

    @task(1)
    def loads(self) -> None:
        self.page("/api/data/loads", "loads JSON")


class Auditor(Person):
    role = "auditor"
    weight = 2

    @task(2)
    def overview(self) -> None:
        self.page("/", "overview")

    @task(2)
    def a_measure(self) -> None:
        self.measure()

    @task(3)
    def a_child(self) -> None:
        self.child(PEOPLE["children"]["all"])

    @task(1)
    def loads(self) -> None:
        self.page("/data", "data page")


class BiTool(FastHttpUser):
    """A BI tool refreshing its figures with an API token (no session, no form)."""

    weight = 2
    wait_time = pause()
    insecure = True

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Bearer {PEOPLE['token']}"}

    def fetch(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, headers=self.headers, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} on {path}")

    @task(2)
    def overview(self) -> None:
        self.fetch("/api/overview", "overview JSON")

    @task(2)
    def a_measure(self) -> None:
        self.fetch(f"/api/measures/{random.choice(PEOPLE['measures'])}", "measure JSON")

    @task(1)
    def every_measure(self) -> None:
        self.fetch("/api/measures", "measures JSON contract")


class Loader(Person):
    """The analyst who loads a return while everyone works: the council's own CIN census, uploaded
    on the Data page ten seconds in (and again every LOAD_EVERY seconds, if set)."""

    role = "analyst"
    fixed_count = 1
    wait_time = constant(1)

    def on_start(self) -> None:
        super().on_start()
        self.next_load = time.monotonic() + LOAD_AT if LOAD_AT >= 0 else float("inf")

    @task
    def load(self) -> None:
        if time.monotonic() < self.next_load:
            return
        self.next_load = time.monotonic() + (LOAD_EVERY or 10**9)
        census = Path(PEOPLE["census"])
        page = self.page("/data", "data page")
        found = CSRF.search(page)
        fields = {"kind": "cin", "csrf_token": found.group(1) if found else self.csrf}
        body, content_type = multipart(fields, "files", census.name, census.read_bytes())
        with self.client.post(
            "/data/loads",
            data=body,
            headers={"Content-Type": content_type},
            name="upload (a load)",
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            if answer.status_code != 303:
                answer.failure(f"the upload answered {answer.status_code}")


def multipart(fields: dict[str, str], name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    """A multipart/form-data body with these fields and one file, and its Content-Type."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


STARTED = time.monotonic()
_timeline: list[tuple[float, str, float]] = []


@events.request.add_listener
def _noted(name: str, response_time: float, **_: Any) -> None:
    """Each request as it ends: seconds since the run began, the page, and how long it took (ms)."""
    if TIMELINE:
        _timeline.append((time.monotonic() - STARTED, name, response_time))


@events.quitting.add_listener
def _summary(environment: Any, **_: Any) -> None:
    if TIMELINE:
        Path(TIMELINE).write_text(json.dumps(_timeline))
    environment.process_exit_code = 0  # web_speed.py reads the statistics, failures included
