"""Operating the service: settings (``ops.settings``), logging, metrics, rate limits, cache.

Nothing is imported here, so that a module that needs one of them (the command line's logging)
does not load the others (the settings' pydantic-settings, about 60 ms at start).
"""
