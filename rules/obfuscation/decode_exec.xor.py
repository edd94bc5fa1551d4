# canary-test: path=mypkg/_cfg.py artifact=wheel
# Repeating-key XOR string decryption feeding exec.
KEY = "k3y"
PAYLOAD = "\x1b\x41\x10\x1d\x47\x5b\x49\x5a\x17\x05\x56\x0d\x43\x11\x50"


def _d(s):
    # ruleid: XOR_DECODE_AND_EXEC
    return "".join(chr(ord(c) ^ ord(KEY[i % len(KEY)])) for i, c in enumerate(s))


def _b(data, key):
    # ruleid: XOR_DECODE_AND_EXEC
    return bytes(b ^ key[i % len(key)] for i, b in enumerate(data))


def run():
    # ruleid: XOR_DECODE_AND_EXEC
    exec(_d(PAYLOAD))

# ok: DECODE_AND_EXEC_IN_FILE, MODULE_LEVEL_EXEC_WITH_DECODE
_ = None
