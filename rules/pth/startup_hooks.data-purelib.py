# canary-test: path=fixture-0.0.0.data/purelib/usercustomize.py artifact=wheel
# The same through the wheel's .data/purelib directory, which installs to site-packages.
# ruleid: STARTUP_CUSTOMIZE_MODULE
import os
