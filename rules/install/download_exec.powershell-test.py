# canary-test: path=psutil/tests/test_windows.py artifact=wheel
import subprocess


def powershell(cmd):
    # ok: HIDDEN_POWERSHELL
    return subprocess.check_output("powershell.exe -NoProfile -WindowStyle Hidden -Command \"%s\"" % cmd)
