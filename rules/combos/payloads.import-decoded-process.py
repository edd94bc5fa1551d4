# canary-test: path=importantpackage/__init__.py artifact=sdist
import base64
import subprocess

cmd = "ZWNobyBpbmVydA=="  # echo inert
subprocess.Popen(base64.b64decode(cmd).decode(), shell=True)
# ruleid: IMPORT_TIME_PROCESS_WITH_PAYLOAD
# ok: INIT_SPAWNS_DETACHED_PYTHON
