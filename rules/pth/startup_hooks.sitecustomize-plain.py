# canary-test: path=sitecustomize.py artifact=wheel
# A shipped sitecustomize that only sets an environment default: the module
# rule fires, the code rule does not.
import os

os.environ.setdefault("EXAMPLE", "1")
# ruleid: STARTUP_CUSTOMIZE_MODULE
# ok: STARTUP_CUSTOMIZE_RUNS_CODE
