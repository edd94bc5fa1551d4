"""Configuration file loader (replica). Every hidden payload below decodes to
print("inert"); nothing contacts anything."""
from obf_loader.config import load  # noqa: F401
from obf_loader import _rt  # noqa: F401  (runs the hidden code at import)
