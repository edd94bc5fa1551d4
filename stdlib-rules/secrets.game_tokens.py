# canary-test: path=mypkg/accounts.py artifact=wheel
import os

home = os.path.expanduser("~")
# ruleid: game_tokens, refs_game_tokens, refs_stealer_only_store, refs_any_credential
A = os.path.join(home, "AppData", "Roaming", ".minecraft", "launcher_accounts.json")
# ruleid: game_tokens, refs_game_tokens, refs_stealer_only_store, refs_any_credential
B = os.path.join(home, ".lunarclient", "settings", "game", "accounts.json")
# ruleid: game_tokens, refs_game_tokens, refs_stealer_only_store, refs_any_credential
C = {".ROBLOSECURITY": "cookie"}
# ok: game_tokens, refs_game_tokens, refs_stealer_only_store, refs_any_credential
D = os.path.join(home, ".minecraft", "screenshots")
