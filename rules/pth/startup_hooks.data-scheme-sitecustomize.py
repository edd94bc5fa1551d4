# canary-test: path=fixture-0.0.0.data/data/lib/python3.12/site-packages/sitecustomize.py artifact=wheel
# The same through the data scheme (lands in sys.prefix's site-packages).
import subprocess

# ruleid: STARTUP_CUSTOMIZE_RUNS_CODE
subprocess.Popen(["true"])
# ruleid: STARTUP_CUSTOMIZE_MODULE
