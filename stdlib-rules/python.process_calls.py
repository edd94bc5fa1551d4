# canary-test: path=mypkg/proc.py artifact=wheel
# Every member of python.process_calls.
import asyncio
import os
import pty
import subprocess
from subprocess import Popen, call, check_output, run


async def procs(argv, executor):
    # ruleid: process_calls, has_process
    subprocess.run(argv, check=True)
    # ruleid: process_calls, has_process
    subprocess.getstatusoutput("true")
    # ruleid: process_calls, has_process
    Popen(argv)
    # ruleid: process_calls, has_process
    check_output(argv)
    # ruleid: process_calls, has_process
    os.system("true")
    # ruleid: process_calls, has_process
    os.execvp("true", ["true"])
    # ruleid: process_calls, has_process
    os.spawnl(os.P_NOWAIT, "/bin/true", "true")
    # ruleid: process_calls, has_process
    os.posix_spawn("/bin/true", ["true"], {})
    # ruleid: process_calls, has_process
    pty.spawn(argv)
    # ruleid: process_calls, has_process
    await asyncio.create_subprocess_exec("true")
    # Bare run()/call() are too common to mean a process.
    # ok: process_calls, has_process
    run(argv)
    # ok: process_calls, has_process
    call(argv)
    # ok: process_calls, has_process
    executor.run(argv)
    # ok: process_calls, has_process
    os.getpid()
    # ok: process_calls, has_process
    null = subprocess.DEVNULL
    return null


# The same calls inside strings.
# ruleid: process_calls, has_process
A = "import subprocess; subprocess.Popen(['true'])"
# ruleid: process_calls, has_process
B = "import os; os.system('true')"
# ruleid: process_calls, has_process
C = "import pty; pty.spawn('/bin/true')"
