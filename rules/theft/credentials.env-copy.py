# canary-test: path=mytool/run.py artifact=wheel
# Copying the environment for a child process, and reading one variable,
# in a file that also downloads: not a dump.
import os
import subprocess
import urllib.request


def build():
    # ok: ENVIRONMENT_DUMP_WITH_NETWORK
    env = dict(os.environ)
    env["CFLAGS"] = "-O2"
    # ok: ENVIRONMENT_DUMP_WITH_NETWORK
    subprocess.run(["make"], env=env, check=True)
    # ok: ENVIRONMENT_DUMP_WITH_NETWORK
    home = str(os.environ.get("HOME"))
    # ok: ENVIRONMENT_DUMP_WITH_NETWORK
    return urllib.request.urlopen("https://example.invalid/" + home, timeout=5).read()
