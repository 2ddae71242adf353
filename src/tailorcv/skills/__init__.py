"""The skills taxonomy: ``taxonomy().find(text)`` lists the skills a text names, and
``taxonomy().canonical("k8s")`` says "Kubernetes".

It sits below both ``ingest`` (reading a résumé's skills) and ``match`` (reading a job ad's), so
neither has to import the other (issue 17); ``tailorcv.match`` re-exports it.
"""

from tailorcv.skills.catalogue import Mention, Skill, Taxonomy, taxonomy

__all__ = ["Mention", "Skill", "Taxonomy", "taxonomy"]
