# canary-test: path=mypkg/bot.py artifact=wheel
# Token shapes only: these are made up and belong to no bot.
# ruleid: bot_tokens, has_bot_token
BOT_TOKEN = "1234567890:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ruleid: bot_tokens, has_bot_token
DISCORD = "MTAxxxxxxxxxxxxxxxxxxxxxxx.Gxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: bot_tokens, has_bot_token
BOT_TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
# ok: bot_tokens, has_bot_token
VERSION = "1234567890:release"
