# canary-test: path=gpu/__init__.py artifact=wheel
# Probing a tool at import, nothing decoded or downloaded.
import subprocess

HAS_GPU = subprocess.run(["nvidia-smi"], capture_output=True).returncode == 0
# ok: IMPORT_TIME_PROCESS_WITH_PAYLOAD, INIT_SPAWNS_DETACHED_PYTHON
