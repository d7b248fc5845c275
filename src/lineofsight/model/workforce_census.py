"""The children's social work workforce census (CSWW) as the council returned it, year by year.

The census is the DfE's yearly record of a council's child and family social workers: each worker
in post on 30 September or who started or left in the year to it (agency workers in post that day
too), and at council level the vacancies and agency workers on the day. Its dates, FTE, roles and
agency flags become the workforce's spells (`workers`); everything else it says (a worker's age,
ethnicity, qualification, where they came from and went to, absence, cases held on the day) the
model has nowhere else to keep, so each record is kept here as the census gave it, and a census
loaded and written again says the same.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Mapped

from lineofsight.model.base import Base, OptionalText, key


class WorkforceCensus(Base):
    """One census: its day, and what it said at council level (LALevelVacancies)."""

    __tablename__ = "workforce_census"

    census_id: Mapped[str] = key()  # csww/YYYY-09-30
    census_date: Mapped[dt.date]  # the census day, 30 September
    number_of_vacancies: OptionalText  # vacant social worker posts (FTE), as given
    agency_fte: OptionalText  # NoAgencyFTE: agency child and family social workers (FTE), as given
    agency_headcount: OptionalText  # NoAgencyHeadcount, as given


class WorkforceCensusWorker(Base):
    """One worker's record (CSWWWorker) in one census, each element as given. Repeating elements
    (QualInst, ContractWeeks, Absat30Sept, ReasonAbsence, CFKSSstatus) are kept as JSON lists."""

    __tablename__ = "workforce_census_workers"

    census_worker_id: Mapped[str] = key()  # csww/YYYY-09-30/SWENo/n
    census_id: Mapped[str]
    worker_id: OptionalText  # the spell in `workers` the record is about
    agency_worker: OptionalText
    swe_no: OptionalText
    fte: OptionalText
    person_birth_date: OptionalText
    gender_current: OptionalText
    ethnicity: OptionalText
    qual_inst: OptionalText
    qual_level: OptionalText
    step_up_grad: OptionalText
    org_role: OptionalText
    role_start_date: OptionalText
    start_origin: OptionalText
    role_end_date: OptionalText
    leaver_destination: OptionalText
    reason_leave: OptionalText
    fte30: OptionalText
    cases30: OptionalText
    working_days_lost: OptionalText
    contract_weeks: OptionalText
    frontline_grad: OptionalText
    absat30_sept: OptionalText
    reason_absence: OptionalText
    cfkss_status: OptionalText
