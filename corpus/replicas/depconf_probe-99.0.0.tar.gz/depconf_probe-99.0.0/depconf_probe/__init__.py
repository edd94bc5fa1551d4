"""Placeholder package: the probe runs in setup.py."""
