# A wheel that drops sitecustomize.py into site-packages: site imports it at
# every interpreter start, and it replaces the environment's own.
# ruleid: STARTUP_CUSTOMIZE_MODULE
import os

os.environ.setdefault("EXAMPLE_HOOK", "1")
