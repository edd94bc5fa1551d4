# canary-test: path=mypkg/chat.py artifact=wheel
# Every member of secrets.chat_tokens (stealer-only family).
import os

R = os.environ.get("APPDATA", "")
# ruleid: chat_tokens, refs_chat_tokens, refs_stealer_only_store, refs_any_credential
# ok: refs_sdk_credential, refs_several_families
A = os.path.join(R, "discordcanary", "Local Storage", "leveldb")
# ruleid: chat_tokens, refs_chat_tokens, refs_stealer_only_store, refs_any_credential
B = "dQw4w9WgXcQ:"
# ruleid: chat_tokens, refs_chat_tokens, refs_stealer_only_store, refs_any_credential
C = os.path.join(R, "Telegram Desktop", "tdata")
# ok: chat_tokens, refs_chat_tokens
D = "import discord.py to write a bot"
# ok: chat_tokens, refs_chat_tokens
E = os.path.join(R, "myapp", "leveldb")
