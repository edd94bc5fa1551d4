# canary-test: path=mypkg/shell.py artifact=wheel
# Every member of python.shell_calls.
import os
import subprocess


def shells(cmd, argv):
    # ruleid: shell_calls
    os.system(cmd)
    # ruleid: shell_calls
    os.popen(cmd).read()
    # ruleid: shell_calls
    subprocess.run(cmd, shell=True)
    # ruleid: shell_calls
    subprocess.getoutput(cmd)
    # ruleid: shell_calls
    subprocess.run(["/bin/bash", "-c", cmd])
    # ruleid: shell_calls
    subprocess.run(["cmd.exe", "/c", cmd])
    # ruleid: shell_calls
    subprocess.run(["powershell", "-EncodedCommand", cmd])
    # ok: shell_calls
    subprocess.run(argv, shell=False)
    # ok: shell_calls
    subprocess.run(["sh", "scripts/build.sh"])
    # ok: shell_calls
    subprocess.run(["bash", "--version"])
    # ok: shell_calls
    subprocess.run(["ls", "-c"])
