"""callback: a command-line audition journal for actors."""

__version__ = "0.1.0"
