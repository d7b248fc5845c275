"""The workforce: teams and their posts, workers joining and leaving, and supervision.

Posts are the establishment. An employed worker holds a post until they leave, at a hazard that
gives the profile's turnover and rises with their team's caseload. A vacant post is advertised: an
employed worker arrives after a recruitment delay, and meanwhile an agency worker may cover it. As
in the DfE's workforce census, a post covered by an agency worker is still a vacancy, so agency
workers carry no `post_id`. The delays are derived from the profile's turnover, vacancy and agency
rates so that, left alone, the council settles at them.

Each quarter the council reviews its establishment against the demand it has been carrying and funds
posts for the profile's funded caseload; a council funded for 23 children per post, with a quarter of
its posts vacant, runs at about 25.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from lineofsight.synth import names, pressure
from lineofsight.synth.clock import add_years, date_of
from lineofsight.synth.staff import (
    CARE_LEAVERS,
    CASE_HOLDING_FUNCTIONS,
    FRONT_DOOR,
    FUNCTIONS,
    Post,
    Team,
    Worker,
)

if TYPE_CHECKING:
    from lineofsight.synth.world import World

TEAM_NAMES = {
    FRONT_DOOR: "Front Door",
    "assessment": "Assessment",
    "safeguarding": "Safeguarding and Family Support",
    "children_in_care": "Children in Care",
    CARE_LEAVERS: "Leaving Care",
}
SERVICE = {
    FRONT_DOOR: "Front Door and Assessment",
    "assessment": "Front Door and Assessment",
    "safeguarding": "Safeguarding",
    "children_in_care": "Corporate Parenting",
    CARE_LEAVERS: "Corporate Parenting",
}
PROJECT_COVER_DAYS = 30.0  # mean wait for agency cover of a newly funded post
TEAM_SIZE = 7.0  # FTE per team when deciding how many teams a function needs


class Workforce:
    """Teams, posts and workers, and the labour market they are recruited from."""

    def __init__(self, world: World) -> None:
        self.world = world
        labour = world.profile.labour
        self.labour = labour
        self.teams: dict[str, list[Team]] = {function: [] for function in FUNCTIONS}
        self.workers: list[Worker] = []  # everyone in post now, in order of joining
        self.leave_hazard = labour.turnover
        tenure = 1.0 / labour.turnover
        self.hire_delay_days = 365.25 * tenure * labour.vacancy / (1.0 - labour.vacancy)
        coverage = min(
            0.98, labour.agency * (1.0 - labour.vacancy) / (labour.vacancy * (1.0 - labour.agency))
        )
        self.agency_coverage = coverage
        # A vacancy ends (an employed hire) at rate r; meanwhile it is uncovered until agency cover
        # arrives at rate u, and covered until the agency worker leaves at rate a. The share of the
        # vacancy covered is then u / (u + a + r); solve for u to get the profile's agency rate.
        leaving = 1.0 / labour.agency_tenure_years
        filling = 365.25 / self.hire_delay_days
        arriving = coverage * (leaving + filling) / (1.0 - coverage)
        self.cover_delay_days = 365.25 / arriving
        self.reference_pressure = pressure.pressure(labour.caseload_target)
        self.staff_numbers = 0

    # ----------------------------------------------------------------------------- building
    def build(self, fte_by_function: dict[str, float]) -> None:
        """Teams with their posts and the workers in post when the data starts."""
        world = self.world
        for function in FUNCTIONS:
            fte = max(1.0, fte_by_function[function])
            count = max(1, round(fte / TEAM_SIZE))
            for index in range(count):
                team_id = world.records.next_id("T", 3)
                name = TEAM_NAMES[function] + (f" {index + 1}" if count > 1 else "")
                world.records.add(
                    "teams",
                    team_id=team_id,
                    team_name=name,
                    team_function=function,
                    team_parent_name=SERVICE[function],
                )
                team = Team(team_id=team_id, function=function, index=index, name=name)
                self.teams[function].append(team)
                team.manager_post = self._new_post(team, "manager", 1.0, world.first - 5 * 365)
                self._staff_initially(team.manager_post)
                for _ in range(max(1, round(fte / count))):
                    self._staff_initially(
                        self._new_post(team, self._role_for(team), None, world.first - 5 * 365)
                    )

    def _role_for(self, team: Team) -> str:
        return "personal_adviser" if team.function == CARE_LEAVERS else "social_worker"

    def _new_post(self, team: Team, role: str, fte: float | None, start: int) -> Post:
        rng = self.world.rng
        if fte is None:
            fte = rng.choice((0.6, 0.8)) if rng.random() < self.labour.part_time_share else 1.0
        post_id = self.world.records.next_id("P", 4)
        row = self.world.records.add(
            "posts",
            post_id=post_id,
            team_id=team.team_id,
            post_role=role,
            post_fte=fte,
            post_start_date=date_of(start),
        )
        post = Post(post_id=post_id, team=team, role=role, fte=fte, row=row)
        if role != "manager":
            team.posts.append(post)
        return post

    def _staff_initially(self, post: Post) -> None:
        """Fill a post as the labour market would have left it: held, covered, or vacant."""
        rng = self.world.rng
        first = self.world.first
        if rng.random() >= self.labour.vacancy:
            tenure = min(rng.expovariate(self.leave_hazard), 25.0)
            self._join(post, first - int(tenure * 365.25), agency=False, backdated=True)
            return
        if rng.random() < self.agency_coverage:
            stay = rng.uniform(0.0, self.labour.agency_tenure_years)
            self._join(post, first - int(stay * 365.25), agency=True, backdated=True)
        else:
            self.world.at(
                first + int(rng.expovariate(1.0 / self.cover_delay_days)), self._cover, post, post.token
            )
        self.world.at(first + int(rng.expovariate(1.0 / self.hire_delay_days)), self._hire, post, post.token)

    # ------------------------------------------------------------------- joining and leaving
    def _join(self, post: Post, start: int, *, agency: bool, backdated: bool = False) -> Worker:
        world = self.world
        rng = world.rng
        team = post.team
        role = {"manager": "manager", "personal_adviser": "personal_adviser"}.get(post.role, "")
        asye_end = None
        if not role:
            newly_qualified = not agency and rng.random() < self.labour.asye_share
            if newly_qualified and (not backdated or world.first - start < 365):
                role = "asye"
                asye_end = add_years(start, 1)
            else:
                role = "qualified_social_worker"
        case_holding = team.case_holding and role in ("asye", "qualified_social_worker")
        self.staff_numbers += 1
        worker_id = world.records.next_id("W", 4)
        sex = rng.choice("12")
        row = world.records.add(
            "workers",
            worker_id=worker_id,
            staff_id=f"S{self.staff_numbers:05d}",
            post_id=None if agency else post.post_id,
            team_id=team.team_id,
            worker_forename=names.forename(rng, sex),
            worker_surname=names.surname(rng),
            # Registered with Social Work England (made up: SW and ten digits, as the workforce census
            # spells them); personal advisers need not be social workers.
            social_worker_registration_no=(
                None if role == "personal_adviser" else f"SW{self.staff_numbers:010d}"
            ),
            worker_role=role,
            worker_agency=agency,
            worker_fte=post.fte,
            worker_case_holding=case_holding,
            worker_start_date=date_of(start),
            asye_end_date=None if asye_end is None else date_of(asye_end),
        )
        worker = Worker(
            worker_id=worker_id,
            team=team,
            post=post,
            role=role,
            agency=agency,
            fte=post.fte,
            case_holding=case_holding,
            row=row,
            start=start,
            asye_end=asye_end,
            capacity=world.allocations.capacity(),
        )
        if start < post.row["post_start_date"].toordinal():
            post.row["post_start_date"] = date_of(start)
        if agency:
            post.cover = worker
        else:
            post.holder = worker
            post.token += 1
        self.workers.append(worker)
        if post.role == "manager":
            team.manager = worker
        else:
            team.workers.append(worker)
            team.fte += worker.fte
        if case_holding:
            world.at(max(world.first, start + rng.randint(10, 35)), self._supervise, worker)
        if not backdated:
            world.allocations.worker_joined(worker)
        return worker

    def _hire(self, post: Post, token: int) -> None:
        """An employed worker arrives in a vacant post; an agency worker covering it is released."""
        if post.closed or post.token != token or post.holder is not None:
            return
        today = self.world.today
        cover = post.cover
        if cover is not None:
            self.leave(cover, max(cover.start, today - 1), replaced=True)
        self._join(post, today, agency=False)

    def _cover(self, post: Post, token: int) -> None:
        if post.closed or post.token != token or post.holder is not None or post.cover is not None:
            return
        self._join(post, self.world.today, agency=True)

    def leave(self, worker: Worker, last_day: int, *, replaced: bool = False) -> None:
        """The worker's last day in post; their children are reallocated and the post advertised."""
        world = self.world
        rng = world.rng
        worker.left = True
        worker.row["worker_leave_date"] = date_of(last_day)
        self.workers.remove(worker)
        team = worker.team
        post = worker.post
        if post.role == "manager":
            team.manager = None
        else:
            team.workers.remove(worker)
            team.fte -= worker.fte
        world.allocations.worker_left(worker, last_day, handover=replaced)
        if worker.agency:
            post.cover = None
            if not replaced and not post.closed:
                delay = int(rng.expovariate(1.0 / self.cover_delay_days))
                world.at(last_day + 1 + delay, self._cover, post, post.token)
            return
        post.holder = None
        post.token += 1
        if post.closed:
            return
        world.at(
            last_day + 1 + int(rng.expovariate(1.0 / self.hire_delay_days)), self._hire, post, post.token
        )
        cover = int(rng.expovariate(1.0 / self.cover_delay_days))
        world.at(last_day + 1 + cover, self._cover, post, post.token)

    def weekly_leaving(self) -> None:
        """Each worker's chance of leaving this week: employed at the profile's turnover, raised by
        their team's pressure; agency workers after a shorter stay."""
        world = self.world
        rng = world.rng
        leavers: list[Worker] = []
        for worker in self.workers:
            if worker.agency:
                hazard = 1.0 / self.labour.agency_tenure_years
            else:
                hazard = self.leave_hazard
                if worker.team.case_holding:
                    hazard *= pressure.delay_factor(
                        worker.team.pressure / self.reference_pressure, pressure.LEAVING
                    )
            if rng.random() < 1.0 - math.exp(-hazard * 7 / 365.25):
                leavers.append(worker)
        for worker in leavers:
            self.leave(worker, world.today + rng.randint(0, 6))

    def acting_manager(self, team: Team) -> Worker | None:
        """Another team's manager standing in: first in the same function, then anywhere."""
        for candidates in (self.teams[team.function], [t for teams in self.teams.values() for t in teams]):
            for other in candidates:
                if other.manager is not None:
                    return other.manager
        return None

    # ---------------------------------------------------------------------------- supervision
    def _supervise(self, worker: Worker) -> None:
        """Supervision every four to six weeks, less often under pressure, none without a manager."""
        if worker.left:
            return
        world = self.world
        manager = worker.team.manager
        if manager is None:
            world.at(world.today + 7, self._supervise, worker)
            return
        world.records.add(
            "supervisions",
            supervision_id=world.records.next_id("SV", 7),
            worker_id=worker.worker_id,
            supervisor_id=manager.worker_id,
            supervision_date=date_of(world.today),
        )
        interval = world.rng.uniform(26, 40) * pressure.delay_factor(
            worker.team.pressure, pressure.SUPERVISION_INTERVAL
        )
        world.at(world.today + int(interval), self._supervise, worker)

    # ----------------------------------------------------------------- establishment and pressure
    def update_pressure(self) -> None:
        for function in CASE_HOLDING_FUNCTIONS:
            for team in self.teams[function]:
                now = team.cases / (team.fte * pressure.REFERENCE_CASELOAD) if team.fte else pressure.CEILING
                team.pressure = pressure.smoothed(team.pressure, now)
                team.average_cases = pressure.smoothed(team.average_cases, team.cases, 90.0)
        for team in self.teams[CARE_LEAVERS]:
            reference = 20.0
            now = team.cases / (team.fte * reference) if team.fte else pressure.CEILING
            team.pressure = pressure.smoothed(team.pressure, now)
            team.average_cases = pressure.smoothed(team.average_cases, team.cases, 90.0)

    def service_pressure(self) -> float:
        cases = sum(team.cases for function in CASE_HOLDING_FUNCTIONS for team in self.teams[function])
        fte = sum(team.fte for function in CASE_HOLDING_FUNCTIONS for team in self.teams[function])
        return pressure.clamp(cases / (fte * pressure.REFERENCE_CASELOAD)) if fte else pressure.CEILING

    def review_establishment(self, contacts_a_year: float, *, cuts: bool) -> None:
        """Fund posts for the demand of the last few months at the profile's funded caseload.

        New posts are covered by agency workers within weeks where the council uses agency cover
        (the "project teams" councils bring in when caseloads climb), while it recruits. Posts are
        cut only once demand has settled (`cuts`), and only when clearly more than needed.
        """
        labour = self.labour
        for function, teams in self.teams.items():
            if function == FRONT_DOOR:
                needed = contacts_a_year / labour.funded_contacts
            elif function == CARE_LEAVERS:
                needed = sum(team.average_cases for team in teams) / labour.funded_care_leavers
            else:
                needed = sum(team.average_cases for team in teams) / labour.funded_caseload
            self._resize(teams, max(1.0, needed), cuts)

    def _resize(self, teams: list[Team], needed: float, cuts: bool) -> None:
        world = self.world
        established = sum(team.established_fte() for team in teams)
        while needed - established >= 0.5:
            team = max(teams, key=lambda t: t.average_cases / max(t.established_fte(), 0.5))
            post = self._new_post(team, self._role_for(team), 1.0, world.today)
            established += post.fte
            delay = int(world.rng.expovariate(1.0 / self.hire_delay_days))
            world.at(world.today + delay, self._hire, post, post.token)
            cover = int(world.rng.expovariate(1.0 / min(PROJECT_COVER_DAYS, self.cover_delay_days)))
            world.at(world.today + cover, self._cover, post, post.token)
        while cuts and established - needed >= max(1.0, 0.25 * needed):
            vacant = [p for t in teams for p in t.posts if not p.closed and p.holder is None]
            if not vacant:
                return
            post = min(vacant, key=lambda p: (p.cover is not None, p.post_id))
            post.closed = True
            post.token += 1
            post.row["post_end_date"] = date_of(world.today)
            established -= post.fte
            if post.cover is not None:
                self.leave(post.cover, world.today)
