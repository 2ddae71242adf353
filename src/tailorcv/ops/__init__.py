"""Operating the service: settings (and, as they land, logging, metrics, rate limits, cache)."""

from tailorcv.errors import InvalidSettings
from tailorcv.ops.settings import Settings, load_settings

__all__ = ["InvalidSettings", "Settings", "load_settings"]
