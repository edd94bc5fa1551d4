"""Keeps a helper program up to date (replica: an inert payload carrier).

The wheel is tagged py3-none-any yet ships bin/updater, an ELF file, and
data/update.dat, a zip. Neither is a real program: the ELF is a 16-byte
header followed by text, the zip holds one text file. Nothing here is
called on import and start_updater() returns before running anything.
"""
import os
import subprocess

_HERE = os.path.dirname(os.path.abspath(__file__))


def start_updater():
    path = os.path.join(_HERE, "bin", "updater")
    if not os.environ.get("BUNDLED_UPDATER_REALLY_RUN_INERT_REPLICA"):
        return None  # the replica never runs its "payload"
    return subprocess.Popen([path], stdout=subprocess.DEVNULL)
