# canary-test: path=mypkg/notify.py artifact=wheel
# A token alone (made up): medium, no process in the file.
# ruleid: HARDCODED_BOT_TOKEN
# ok: CHAT_BOT_REMOTE_CONTROL
TOKEN = "1234567890:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: HARDCODED_BOT_TOKEN
TOKEN_FROM_ENV = "TELEGRAM_TOKEN"
