# canary-test: path=sitecustomize.py artifact=sdist
# An sdist's tree is not site-packages (projects keep a sitecustomize.py for
# their own test runs); what would be installed is judged in the built wheel.
# ok: STARTUP_CUSTOMIZE_MODULE
import os
