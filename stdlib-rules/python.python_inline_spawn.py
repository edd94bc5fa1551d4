# canary-test: path=mypkg/child.py artifact=wheel
# python.python_inline_spawn: an interpreter reading its program from stdin.
import subprocess
import sys


def spawn(code):
    # ruleid: python_inline_spawn
    p = subprocess.Popen([sys.executable, "-"], stdin=subprocess.PIPE)
    p.communicate(code)
    # ok: python_inline_spawn
    subprocess.run([sys.executable, "-c", "print('inert')"])
    # ok: python_inline_spawn
    subprocess.run([sys.executable, "-m", "pip", "--version"])
    # Known gaps: only the two-element list with sys.executable is matched.
    # todoruleid: python_inline_spawn
    subprocess.run(["python3", "-"], input=code)
    # todoruleid: python_inline_spawn
    subprocess.run([sys.executable, "-", "arg"], input=code)
