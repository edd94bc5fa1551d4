# canary-test: path=mypkg/symbols.py artifact=wheel
# Mathematical letters as text (a lexer's table, a label) and fewer than three names.
# ok: UNICODE_IDENTIFIER_OBFUSCATION
ITALIC = "𝘢𝘣𝘤 are italic letters"
# ok: UNICODE_IDENTIFIER_OBFUSCATION
LABELS = {"x": "𝑥 coordinate", "y": "𝑦 coordinate"}
# ok: UNICODE_IDENTIFIER_OBFUSCATION
𝘷𝘢𝘭𝘶𝘦 = 1
