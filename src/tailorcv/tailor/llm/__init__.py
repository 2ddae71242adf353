"""Tailoring, suggestions and cover letters through any OpenAI-compatible endpoint.

Entry points: ``tailoring.tailor``, ``suggest.suggest`` and ``tailorcv.tailor.letter.write_letter``
take an ``engine.LLMEngine`` (or None: the offline engine) and answer with the result and an
``engine.Outcome`` saying which engine made it and why. ``config.LLMConfig`` describes the
provider. Nothing is imported here, so that importing ``config`` does not load the openai SDK.
"""
