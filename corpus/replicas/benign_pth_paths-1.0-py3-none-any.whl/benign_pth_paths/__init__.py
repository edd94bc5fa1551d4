"""Locate plugins shipped next to the package."""
import os

__version__ = "1.0"

PLUGIN_DIR = os.path.join(os.path.dirname(__file__), "plugins")


def list_plugins():
    """Names of the plugin modules in PLUGIN_DIR."""
    try:
        names = os.listdir(PLUGIN_DIR)
    except FileNotFoundError:
        return []
    return sorted(n[:-3] for n in names if n.endswith(".py") and not n.startswith("_"))
