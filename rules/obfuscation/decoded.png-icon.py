# An embedded image: base64 of binary data is neither a layer nor marshal.
# ok: MARSHAL_BLOB, DECODED_TEXT_BLOB
ICON = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
