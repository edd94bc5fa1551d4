"""Access control helpers (replica)."""
from trojan_source.access import is_admin  # noqa: F401
