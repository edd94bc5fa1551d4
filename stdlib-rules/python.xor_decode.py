# canary-test: path=mypkg/x.py artifact=wheel
# Every member of python.xor_decode.


def dec(s, k):
    # ruleid: xor_decode
    a = "".join(chr(ord(c) ^ 7) for c in s)
    # ruleid: xor_decode
    b = "".join(chr(x ^ 7) for x in s)
    # ruleid: xor_decode
    c = bytes(x ^ k[i % len(k)] for i, x in enumerate(s))
    # ok: xor_decode
    d = "".join(chr(ord(c) + 1) for c in s)
    crc = 0
    for x in s:
        # ok: xor_decode
        crc ^= x
    # ok: xor_decode
    e = [x ^ 0xFF for x in s]
    return a, b, c, d, e, crc
