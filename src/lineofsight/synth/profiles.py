"""The synthetic councils: each profile is data, with a docstring saying where its figures come from.

A profile has three parts. *Demand* is how many children come to the front door and how many are
already in care when the data starts. *Labour* is the workforce the council can fund and keep: the
caseload its establishment is sized for, and the turnover, vacancy and agency rates of its labour
market. *Practice* is how its practitioners work at the reference caseload of 15 (durations,
intervals, the chances of each decision). `stable` and `stretched` share one practice, so every
difference between them is made by workload and workforce through `pressure.py`; `england` has its
own practice, calibrated to England's published figures (measures.md, domain.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Demand:
    """Children arriving, per 10,000 children aged 0-17, and the stock already in care at the start."""

    new_contacts_per_10k: float  # contacts a year about children not known before
    referral_share: float  # share of those contacts that become referrals
    uasc_per_10k: float  # unaccompanied asylum-seeking children arriving a year
    private_fostering_per_10k: float  # notifications a year
    allegations_per_10k: float  # referrals to the designated officer a year
    cla_stock_per_10k: float  # children already looked after when the data starts
    care_leavers_per_10k: float  # care leavers aged 18-20 when the data starts
    open_cases_per_10k: float  # children allocated at the target caseload, to size the first establishment


@dataclass(frozen=True)
class Labour:
    """The establishment and the labour market it recruits from."""

    caseload_target: float  # the caseload the profile is tuned to; the reference for leaving rates
    funded_caseload: float  # children per social worker post the establishment is sized for
    funded_contacts: float  # contacts a year per front-door FTE the establishment is sized for
    funded_care_leavers: float  # care leavers per personal adviser the establishment is sized for
    turnover: float  # share of employed FTE leaving in a year, at the target caseload
    vacancy: float  # share of established posts with no employed holder
    agency: float  # agency share of FTE in post
    agency_tenure_years: float  # mean length of an agency worker's stay
    asye_share: float  # share of employed hires who are newly qualified (ASYE)
    part_time_share: float  # share of posts at 0.6 or 0.8 FTE


@dataclass(frozen=True)
class Practice:
    """How practitioners work at the reference caseload (pressure 1); pressure.py stretches it."""

    # Front door
    decision_same_day: float  # contacts decided on the day they arrive
    decision_next_day: float  # ... or on the next working day
    referral_share_known: float  # contacts about a child known before that become referrals
    early_help_share: float  # of contacts not referred, the share offered early help
    recontact_after_advice: float  # chance of another contact after advice or no further action
    # Referral and assessment
    referral_nfa: float  # referrals ending in no further action without an assessment
    s47_at_referral: float  # referrals going straight to a strategy discussion (times child's risk)
    s47_in_assessment: float  # assessments that find cause for a strategy discussion (times risk)
    strategy_no_s47: float  # strategy discussions that decide no section 47 enquiry is needed
    start_delay_wd: float  # mean working days from referral to the assessment's start
    assessment_median_wd: float  # median working days to complete an assessment
    assessment_spread: float  # standard deviation of log duration
    deadline_push: float  # share of would-be-late assessments finished just within 45 working days
    handover_wd: float  # working days a change of worker adds to an open assessment
    assessment_outcomes: tuple[tuple[str, float], ...]  # outcomes of assessments without a S47
    # Section 47 enquiries and conferences
    s47_to_icpc: float  # S47 enquiries leading to an initial conference (times risk)
    s47_to_cin_plan: float  # ... or to a CIN plan
    icpc_wd: tuple[int, int]  # working days from S47 start to the conference when held on time
    icpc_late: float  # share of conferences held after 15 working days
    icpc_plan: float  # conferences that make a CP plan
    # Plans
    cp_end_at_review: tuple[float, ...]  # chance a CP plan ends at its 1st, 2nd, ... review
    cp_review_late: float  # reviews held after their due date
    cp_plo: float  # chance at each review that pre-proceedings start
    cp_endings: tuple[tuple[str, float], ...]  # what follows a CP plan: step_down, close, care
    cin_plan_median_days: float
    cin_endings: tuple[tuple[str, float], ...]  # close, step_down, s47, care
    # Closure and return
    unsigned_closure: float  # closures with no manager's decision recorded
    recurrence: float  # chance a closed child is referred again (times risk)
    recurrence_median_days: float
    unsigned_recurrence_factor: float  # a closure without oversight is likelier to come back
    premature_ending: float  # CP plans ended before the family changed, at the reference
    premature_recurrence_factor: float  # ... and how much likelier that child is to come back
    # Visits: calendar days between visits at the reference, drawn uniformly in the range
    cp_visit_days: tuple[int, int]
    cin_visit_days: tuple[int, int]
    cla_visit_days: tuple[int, int]
    cla_long_term_visit_days: tuple[int, int]
    leaver_contact_days: tuple[int, int]
    seen_alone: float  # visits to children aged 5 or more where the child is seen alone
    # Care
    care_from_assessment_emergency: float  # of assessment care outcomes, emergency protection
    placement_move_rate: float  # moves a year for a settled placement
    new_placement_move_factor: float  # ... times this in a placement's first six months
    short_placement_share: float  # first placements that are bridging, ending within weeks
    proceedings_weeks: float  # median weeks from issue to final order
    pre_proceedings_weeks: float
    review_late: float  # CLA reviews, health assessments and PEPs held late
    rhi_on_time: float  # return-home interviews offered within 72 hours
    missing_share: float  # children in care who go missing at all


@dataclass(frozen=True)
class Profile:
    """A synthetic council."""

    name: str
    council_name: str
    population_0_17: int
    demand: Demand
    labour: Labour
    practice: Practice
    description: str  # one line, for listings
    sources: str  # where the figures come from


GOOD_PRACTICE = Practice(
    decision_same_day=0.6,
    decision_next_day=0.32,
    referral_share_known=0.65,
    early_help_share=0.35,
    recontact_after_advice=0.12,
    referral_nfa=0.065,
    s47_at_referral=0.1,
    s47_in_assessment=0.14,
    strategy_no_s47=0.1,
    start_delay_wd=1.5,
    assessment_median_wd=28.0,
    assessment_spread=0.8,
    deadline_push=0.85,
    handover_wd=8.0,
    assessment_outcomes=(("nfa", 0.47), ("early_help", 0.18), ("cin_plan", 0.33), ("care", 0.02)),
    s47_to_icpc=0.16,
    s47_to_cin_plan=0.25,
    icpc_wd=(7, 15),
    icpc_late=0.08,
    icpc_plan=0.87,
    cp_end_at_review=(0.2, 0.45, 0.55, 0.65, 0.75, 0.8),
    cp_review_late=0.05,
    cp_plo=0.035,
    cp_endings=(("step_down", 0.5), ("close", 0.43), ("care", 0.07)),
    cin_plan_median_days=170.0,
    cin_endings=(("close", 0.68), ("step_down", 0.24), ("s47", 0.05), ("care", 0.03)),
    unsigned_closure=0.03,
    recurrence=0.35,
    recurrence_median_days=110.0,
    unsigned_recurrence_factor=2.0,
    premature_ending=0.12,
    premature_recurrence_factor=5.0,
    cp_visit_days=(5, 12),
    cin_visit_days=(14, 27),
    cla_visit_days=(21, 40),
    cla_long_term_visit_days=(50, 85),
    leaver_contact_days=(30, 56),
    seen_alone=0.6,
    care_from_assessment_emergency=0.4,
    placement_move_rate=0.3,
    new_placement_move_factor=1.0,
    short_placement_share=0.25,
    proceedings_weeks=38.0,
    pre_proceedings_weeks=14.0,
    review_late=0.06,
    rhi_on_time=0.8,
    missing_share=0.12,
)

ENGLAND_PRACTICE = replace(
    GOOD_PRACTICE,
    assessment_median_wd=30.0,
    recurrence=0.45,
    deadline_push=0.65,
    icpc_late=0.17,
    cp_review_late=0.08,
    cp_end_at_review=(0.22, 0.47, 0.58, 0.74, 0.85, 0.9),
    review_late=0.1,
    rhi_on_time=0.65,
    # England's long-term placement stability is 69% (CLA 2025, LA03) while about one child in ten has
    # three or more placements in a year (LA02): most breakdowns come early in a placement, and one
    # that has lasted tends to last. At `stable`'s 0.3 moves a year whatever the placement's age, LA03
    # came out at 59.8%.
    placement_move_rate=0.18,
    new_placement_move_factor=3.3,
)

STRETCHED = Profile(
    name="stretched",
    council_name="Northmoor Council (synthetic)",
    population_0_17=35_000,
    demand=Demand(
        new_contacts_per_10k=1270.0,
        referral_share=0.3,
        uasc_per_10k=2.0,
        private_fostering_per_10k=1.5,
        allegations_per_10k=20.0,
        cla_stock_per_10k=85.0,
        care_leavers_per_10k=40.0,
        open_cases_per_10k=330.0,
    ),
    labour=Labour(
        caseload_target=25.0,
        funded_caseload=24.0,
        funded_contacts=1500.0,
        funded_care_leavers=28.0,
        turnover=0.26,
        vacancy=0.28,
        agency=0.24,
        agency_tenure_years=1.5,
        asye_share=0.35,
        part_time_share=0.12,
    ),
    practice=GOOD_PRACTICE,
    description=(
        "A council under strain, like the one in the context reports: about 35,000 children, "
        "caseloads about 25, turnover about 26%, agency about 24%, vacancies about 28%."
    ),
    sources=(
        "`stretched`: modelled on the council in the context reports (North East Lincolnshire, judged "
        "inadequate in 2021): about 35,000 children aged 0-17; DfE workforce figures for September 2020 of "
        "caseload 24.9 (down from 32.7), turnover 25.9%, agency 24.5% and vacancy 28.4% (Community Care, "
        "context/003). Demand is set above England's (referrals about 650 per 10,000) and the "
        "establishment is funded for 24 children per post, which with its vacancies gives about 25."
    ),
)

STABLE = Profile(
    name="stable",
    council_name="Eastvale Council (synthetic)",
    population_0_17=35_000,
    demand=Demand(
        new_contacts_per_10k=1090.0,
        referral_share=0.3,
        uasc_per_10k=1.5,
        private_fostering_per_10k=1.5,
        allegations_per_10k=18.0,
        cla_stock_per_10k=55.0,
        care_leavers_per_10k=28.0,
        open_cases_per_10k=230.0,
    ),
    labour=Labour(
        caseload_target=15.0,
        funded_caseload=15.0,
        funded_contacts=900.0,
        funded_care_leavers=20.0,
        turnover=0.10,
        vacancy=0.04,
        agency=0.03,
        agency_tenure_years=1.5,
        asye_share=0.15,
        part_time_share=0.15,
    ),
    practice=GOOD_PRACTICE,
    description=(
        "A council with a stable workforce, the same size as `stretched`: caseloads about 15, "
        "turnover about 10%, agency and vacancy under 5%."
    ),
    sources=(
        "`stable`: the same population as `stretched` and the same practice, with what councils judged "
        "good or outstanding describe: caseloads about 15 (England 16.0 in 2023), turnover about 10% and "
        "agency and vacancy rates under 5% (England 13.8%, 16% and 17% in 2024: domain.md section B)."
    ),
)

ENGLAND = Profile(
    name="england",
    council_name="England average (synthetic)",
    population_0_17=100_000,
    demand=Demand(
        new_contacts_per_10k=1130.0,
        referral_share=0.3,
        uasc_per_10k=3.0,
        private_fostering_per_10k=1.2,
        allegations_per_10k=18.0,
        cla_stock_per_10k=62.0,
        care_leavers_per_10k=32.0,
        open_cases_per_10k=280.0,
    ),
    labour=Labour(
        caseload_target=16.0,
        funded_caseload=15.3,
        funded_contacts=1100.0,
        funded_care_leavers=22.0,
        turnover=0.138,
        vacancy=0.17,
        agency=0.16,
        agency_tenure_years=1.5,
        asye_share=0.2,
        part_time_share=0.15,
    ),
    practice=ENGLAND_PRACTICE,
    description=(
        "England's rates and durations at a chosen population (default 100,000 children): referrals "
        "about 530 per 10,000, assessments median 33 working days, caseload 16, turnover 13.8%."
    ),
    sources=(
        "`england`: England's published rates (measures.md, domain.md section B): referrals about 530 "
        "per 10,000 a year and re-referrals 22.6% (CIN 2024-25, table C1); assessments a median of 33 "
        "working days, 85.7% within 45 (C2); ICPCs 81.4% within 15 working days (C4); CP plans 4.4% "
        "lasting two years or more (D7) and about 23% second plans (D3); 67 looked after per 10,000 "
        "(CLA 2025); about 10% with three or more placements in a year; caseload 16.0 (CSWW 2023); "
        "turnover 13.8%, agency about 16% and vacancy about 17% (CSWW 2024). The population is a "
        "setting; every count scales with it."
    ),
)

PROFILES: dict[str, Profile] = {profile.name: profile for profile in (STRETCHED, STABLE, ENGLAND)}
