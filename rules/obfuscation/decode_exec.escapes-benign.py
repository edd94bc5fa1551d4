# canary-test: path=mypkg/tests_data.py artifact=wheel
# Short escape runs and character arithmetic in ordinary code.
# ok: OBFUSCATED_STRINGS
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# ok: OBFUSCATED_STRINGS
AB = chr(65) + chr(66)
# ok: OBFUSCATED_STRINGS
UPPER = "".join(chr(c) for c in range(65, 91))
# python-future's compatibility import, alone on its line.
# ok: OBFUSCATED_STRINGS
from builtins import *
