# canary-test: path=devpkg/__init__.py artifact=wheel
# Computing a development version with git at import (sphinx, scikit-image).
import subprocess

# ok: INIT_MODULE_LEVEL_PROCESS
_rev = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
# A string that mentions a call is not a call.
# ok: INIT_MODULE_LEVEL_PROCESS
USAGE = "run os.system(cmd) yourself; this package never does"


def compiler_version():
    # ok: INIT_MODULE_LEVEL_PROCESS
    return subprocess.run(["cc", "--version"], capture_output=True, text=True).stdout
