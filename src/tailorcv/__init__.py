"""tailorcv: one structured résumé, matched and tailored to each job, rendered by Typst."""

__version__ = "0.1.0"
