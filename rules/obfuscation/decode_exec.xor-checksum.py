# canary-test: path=mypkg/crc.py artifact=wheel
# XOR in checksums and masks, and exec nowhere: nothing to hide.


def checksum(data):
    crc = 0
    for b in data:
        # ok: XOR_DECODE_AND_EXEC
        crc ^= b
    return crc


def mask(data, key):
    # ok: XOR_DECODE_AND_EXEC
    return bytes(b ^ key for b in data)
