"""Keeps command line tools up to date (replica)."""
__version__ = "0.4"
