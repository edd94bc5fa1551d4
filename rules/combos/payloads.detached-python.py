# canary-test: path=django_pool/__init__.py artifact=sdist
# Import starts a second interpreter on another module (inert module name).
import subprocess

p = subprocess.Popen(["python3", "-c", "import inert_example"], close_fds=True)
# ruleid: INIT_SPAWNS_DETACHED_PYTHON
# ok: IMPORT_TIME_PROCESS_WITH_PAYLOAD
