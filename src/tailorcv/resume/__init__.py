"""The résumé: one JSON Resume document, read from the formats people have, written losslessly."""

from tailorcv.resume.io import Loaded, dumps, load, read_file, read_text
from tailorcv.resume.model import Resume
from tailorcv.resume.validate import Validated, to_dict, validate

__all__ = [
    "Loaded",
    "Resume",
    "Validated",
    "dumps",
    "load",
    "read_file",
    "read_text",
    "to_dict",
    "validate",
]
