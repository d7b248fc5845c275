"""The synthetic council: a simulation of a council's children and workforce over years.

`generate(engine, "stretched", seed=1)` fills an empty store with a council whose children flow from
contacts through referrals, assessments, child protection and care to leaving care, worked by a
workforce that joins, leaves and carries caseloads; late work, drift and changes of worker follow
from workload (pressure.py), not from rules that say one profile is worse. No real data is used.
"""

from lineofsight.synth.generate import SynthSummary, UnknownProfileError, generate
from lineofsight.synth.profiles import PROFILES, Profile

__all__ = ["PROFILES", "Profile", "SynthSummary", "UnknownProfileError", "generate"]
