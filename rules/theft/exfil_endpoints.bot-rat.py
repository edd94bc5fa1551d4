# canary-test: path=mypkg/__init__.py artifact=sdist
# Chat-controlled backdoor shape; the token is made up.
import subprocess

# ruleid: CHAT_BOT_REMOTE_CONTROL
# ok: HARDCODED_BOT_TOKEN
BOT_TOKEN = "1234567890:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"


def handler(cmd):
    # ruleid: CHAT_BOT_REMOTE_CONTROL
    return subprocess.check_output(cmd, shell=True, text=True)
