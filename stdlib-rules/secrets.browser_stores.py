# canary-test: path=mypkg/browsers.py artifact=wheel
# Every member of secrets.browser_stores (stealer-only family).
import os

L = os.environ.get("LOCALAPPDATA", "")
# ruleid: browser_stores, refs_browser_stores, refs_stealer_only_store, refs_any_credential
# ok: refs_sdk_credential, refs_several_families
A = os.path.join(L, "Default", "Login Data")
# ruleid: browser_stores, refs_browser_stores, refs_stealer_only_store, refs_any_credential
B = os.path.join(L, "BraveSoftware", "Brave-Browser", "User Data")
# ruleid: browser_stores, refs_browser_stores, refs_stealer_only_store, refs_any_credential
C = os.path.join(L, "Default", "Network", "Cookies")
# ruleid: browser_stores, refs_browser_stores, refs_stealer_only_store, refs_any_credential
D = ["key4.db", "logins.json"]
# ruleid: browser_stores, refs_browser_stores, refs_stealer_only_store, refs_any_credential
E = "~/Library/Cookies/Cookies.binarycookies"
# ok: browser_stores, refs_browser_stores
F = "Login Data Help"
# ok: browser_stores, refs_browser_stores
G = "cookies.txt"
# ok: browser_stores, refs_browser_stores
H = "Google Chrome is a browser"
