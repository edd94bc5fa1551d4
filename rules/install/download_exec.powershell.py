# canary-test: path=setup.py artifact=sdist
# Windows dropper shapes (the encoded command decodes to `echo inert`).
import subprocess

from setuptools import setup

# ruleid: HIDDEN_POWERSHELL
subprocess.Popen("powershell -WindowStyle Hidden -EncodedCommand ZQBjAGgAbwAgAGkAbgBlAHIAdAA=", shell=True)
# ruleid: HIDDEN_POWERSHELL
subprocess.Popen(["powershell.exe", "-w", "hidden", "-c", "echo inert"])
# ok: HIDDEN_POWERSHELL
subprocess.run(["powershell", "-NoProfile", "-Command", "Get-ChildItem"])
setup(name="x", version="1")
# An argument list over several lines: reported where the options are.
subprocess.Popen([
    "powershell.exe",
    "-NoProfile",
    # ruleid: HIDDEN_POWERSHELL
    "-WindowStyle", "Hidden",
    # ruleid: HIDDEN_POWERSHELL
    "-EncodedCommand", "ZQBjAGgAbwAgAGkAbgBlAHIAdAA=",
])
