"""Desktop productivity timer (replica)."""
from spyware_tool.timer import Timer  # noqa: F401
