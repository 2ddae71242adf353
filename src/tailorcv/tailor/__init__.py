"""Tailor a résumé to a job without inventing anything: the offline engine and the guard."""

from tailorcv.tailor.guard import Violation, guard
from tailorcv.tailor.offline import Change, Tailored, offline

__all__ = ["Change", "Tailored", "Violation", "guard", "offline"]
