# canary-test: path=pkg/loader.py
# Addresses hidden in character codes, escapes and base64: the engine rebuilds
# the text and scans it as a decoded layer; findings count on the source line.
# ruleid: DECODED_PAYLOAD_URL, DECODED_TEXT_BLOB
OFFSETS = [104, 116, 116, 112, 58, 47, 47, 50, 48, 51, 46, 48, 46, 49, 49, 51, 46, 55, 58, 56, 48, 56, 48, 47, 115, 116, 97, 103, 101, 50]
# ruleid: DECODED_PAYLOAD_URL, DECODED_TEXT_BLOB
HOOK = "\x68\x74\x74\x70\x73\x3a\x2f\x2f\x64\x69\x73\x63\x6f\x72\x64\x2e\x63\x6f\x6d\x2f\x61\x70\x69\x2f\x77\x65\x62\x68\x6f\x6f\x6b\x73\x2f\x30\x30\x30\x30\x2f\x70\x6c\x61\x63\x65\x68\x6f\x6c\x64\x65\x72\x2d\x74\x6f\x6b\x65\x6e"
# An ordinary URL in an encoded blob is not a payload address.
# ok: DECODED_PAYLOAD_URL
# ruleid: DECODED_TEXT_BLOB, DECODED_NETWORK_ON_RUN
DOCS = "aW1wb3J0IHVybGxpYi5yZXF1ZXN0CnVybGxpYi5yZXF1ZXN0LnVybG9wZW4oJ2h0dHBzOi8vZXhhbXBsZS5pbnZhbGlkL2RvY3MvaW5kZXguaHRtbCcpCg=="
