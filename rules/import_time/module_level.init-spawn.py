# canary-test: path=dropper_pkg/__init__.py artifact=wheel
# __init__.py that runs programs as soon as the package is imported.
import os
import subprocess

# ruleid: INIT_MODULE_LEVEL_PROCESS
subprocess.Popen(["/bin/sh", "-c", "echo inert"], stdout=subprocess.DEVNULL)
# ruleid: INIT_MODULE_LEVEL_PROCESS
os.system("echo inert > /dev/null")
# ruleid: INIT_MODULE_LEVEL_PROCESS
with open(os.devnull, "w") as _null:
    subprocess.call(["uname", "-a"], stdout=_null)

# ok: INIT_MODULE_LEVEL_NETWORK, MODULE_LEVEL_PYTHON_SPAWN, MODULE_LEVEL_DOWNLOAD_AND_EXECUTE
_ready = True
