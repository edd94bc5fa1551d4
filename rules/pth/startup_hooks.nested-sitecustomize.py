# canary-test: path=mypkg/sitecustomize.py artifact=wheel
# A module that only happens to be called sitecustomize, inside a package: not
# on sys.path's top level, never imported by site.
# ok: STARTUP_CUSTOMIZE_MODULE
import os
