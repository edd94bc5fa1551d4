"""Writes Windows console launchers for scripts, the way setuptools does
(replica: benign). cli-64.exe and gui-64.exe are stand-ins for the launcher
stubs packaging tools ship inside pure wheels: a PE header and text."""
import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def launcher_bytes(gui=False):
    name = "gui-64.exe" if gui else "cli-64.exe"
    with open(os.path.join(_HERE, name), "rb") as f:
        return f.read()
