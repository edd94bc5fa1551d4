# canary-test: path=mypkg/run.py artifact=wheel
# The hidden name is the function that runs a command (inert: never called).
import os


def go(cmd):
    # ruleid: COMPUTED_ATTRIBUTE_WITH_EXECUTION, computed_attribute
    return getattr(os, "metsys"[::-1])(cmd)


def also(cmd):
    # ruleid: COMPUTED_ATTRIBUTE_WITH_EXECUTION
    return os.popen(cmd).read()
# ok: COMPUTED_ATTRIBUTE_NAME
