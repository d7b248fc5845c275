"""lineofsight: a live line of sight from a council's leaders to what is happening to each child."""

__version__ = "0.1.0"
