"""Natural keys: how a record read from a return is recognised when it is read again.

The returns carry no case-management identifiers except the child's. A referral is known by its child
and its date, a plan by its child and start date, and so on, in every format: a referral loaded from
Annex A and the same referral in the CIN census become one row, and last year's census and this year's
say the same referral. Keys are readable (`C1234/referral/2024-05-01`) so that an analyst can follow
one from a report back to the return.
"""

from __future__ import annotations

import datetime as dt


def key(child: str, what: str, *parts: dt.date | dt.datetime | str | int | None) -> str:
    """`child/what/part/...`, dates as ISO text. `what` names the record: referral, assessment,
    cin-plan, s47, icpc, cp-plan, cp-review, care (a period of care), legal-status, placement,
    cla-review, health-initial, health-review, health-dental, missing, adoption, care-leaver,
    care-leaver-contact, contact, early-help, visit, pep, pathway-plan-review."""
    rendered = [
        p.isoformat() if isinstance(p, (dt.date, dt.datetime)) else str(p) for p in parts if p is not None
    ]
    return "/".join([child, what, *rendered])
