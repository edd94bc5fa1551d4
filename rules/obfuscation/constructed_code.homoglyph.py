# canary-test: path=mypkg/util.py artifact=wheel
# Homoglyph names (inert). The first `os` below is Cyrillic o + Latin s.
import os
# ruleid: HOMOGLYPH_IDENTIFIER, homoglyph_identifiers
оs = None
# ruleid: HOMOGLYPH_IDENTIFIER, homoglyph_identifiers
ｅｘｅｃ("print('inert')")
# ok: HOMOGLYPH_IDENTIFIER
значение = "текст text"
# ok: HOMOGLYPH_IDENTIFIER
label = "пример example"
# ok: BIDI_CONTROL_CHARACTERS
