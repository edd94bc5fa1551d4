# canary-test: path=mypkg/_boot.py artifact=wheel
# A detached child interpreter started at import outlives the importer.
import os
import subprocess
import sys

# ruleid: MODULE_LEVEL_PYTHON_SPAWN
subprocess.Popen([sys.executable, "-c", "print('inert')"], start_new_session=True)
# ruleid: MODULE_LEVEL_PYTHON_SPAWN
os.system("pythonw payload.pyw")


def pip_version():
    # ok: MODULE_LEVEL_PYTHON_SPAWN
    return subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).stdout


# ok: MODULE_LEVEL_PYTHON_SPAWN
if __name__ == "__main__":
    subprocess.run([sys.executable, "-m", "mypkg.cli"])
