# canary-test: path=mypkg/conftest.py artifact=wheel
# pytest's conftest.py starting a helper interpreter is test plumbing.
import subprocess
import sys

# ok: MODULE_LEVEL_PYTHON_SPAWN
SERVER = subprocess.Popen([sys.executable, "-m", "http.server", "0"])
