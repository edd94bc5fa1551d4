# canary-test: path=tool/install.py artifact=wheel
# A tool that downloads an archive and writes scripts with execute permission,
# but runs nothing: no dropper rule fires.
import os
import urllib.request


def fetch(url, dest):
    urllib.request.urlretrieve(url, dest)


def write_script(path, text):
    with open(path, "w") as f:
        f.write(text)
    # ruleid: make_executable
    os.chmod(path, 0o755)


def log_pipe():
    # The child's stdout is a pipe object, not a socket.
    # ok: REVERSE_SHELL_COMMAND
    return "nc -z example.invalid 80"
# ok: DROPPER_DOWNLOAD_CHMOD_RUN, DROPPER_EXECUTABLE_DOWNLOAD, REVERSE_SHELL_COMMAND, LOLBIN_DOWNLOAD
