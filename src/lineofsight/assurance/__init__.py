"""Assurance: case audits and their moderation, audits set beside the data (triangulation), improvement
plans with progress from the measures, an inspection report read into a plan, the scrutiny briefing and
the self-evaluation.

Every statement these make rests on evidence the data covers (`data.coverage`): where it does not, the
statement says so rather than showing a number the data cannot support.
"""
