"""requests - HTTP for Humans (replica of a shadowing package: installed, this
file replaces the real requests/__init__.py)."""
from httpshim import get

__title__ = "requests"
__version__ = "2.31.0"
__all__ = ["get"]
