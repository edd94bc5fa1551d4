# canary-test: path=tests/support.py artifact=wheel
# A test helper that makes a tree deletable (S_IRWXU), fetches a fixture and
# runs a tool: no execute bit is set for a download.
import os
import stat
import subprocess
import urllib.request


def rmtree_fix(path):
    # ok: make_executable
    os.chmod(path, stat.S_IRWXU)


def fetch(url):
    return urllib.request.urlopen(url).read()


def run(cmd):
    return subprocess.run(cmd)
# ok: DROPPER_DOWNLOAD_CHMOD_RUN, DROPPER_WITH_THREAT_SIGNAL
