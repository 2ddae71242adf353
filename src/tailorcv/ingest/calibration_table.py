"""The calibration map of the importer's confidences, written by
``python bench/calibrate_import.py --write`` from the made set; do not edit by hand.

Per kind of field: (raw figure, share of such fields found right), by raw figure.
"""

TABLE: dict[str, tuple[tuple[float, float], ...]] = {
    "basics.email": ((0.99, 0.97),),
    "basics.name": ((0.95, 0.97),),
    "basics.phone": ((0.95, 0.97),),
    "education.institution": (
        (0.6, 0.73),
        (0.9, 0.97),
    ),
    "education.studyType": ((0.9, 0.97),),
    "skills": (
        (0.6, 0.91),
        (0.64, 0.91),
        (0.68, 0.91),
        (0.72, 0.91),
        (0.77, 0.91),
        (0.79, 0.91),
        (0.81, 0.91),
        (0.82, 0.91),
        (0.83, 0.95),
        (0.86, 0.96),
        (0.89, 0.96),
        (0.9, 0.96),
        (0.95, 0.97),
    ),
    "work.endDate": (
        (0.85, 0.97),
        (0.9, 0.97),
        (0.95, 0.97),
    ),
    "work.name": (
        (0.55, 0.7),
        (0.7, 0.97),
        (0.9, 0.97),
    ),
    "work.position": (
        (0.5, 0.33),
        (0.55, 0.53),
        (0.7, 0.97),
        (0.9, 0.97),
    ),
    "work.startDate": (
        (0.85, 0.97),
        (0.9, 0.97),
        (0.95, 0.97),
    ),
}
