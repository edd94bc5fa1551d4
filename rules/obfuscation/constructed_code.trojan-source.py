# canary-test: path=mypkg/access.py artifact=wheel
# Trojan Source (CVE-2021-42574): a right-to-left override inside a string
# makes the comparison read differently from what runs. Inert.
access_level = "user"
# ruleid: BIDI_CONTROL_CHARACTERS, bidi_controls
if access_level != "user‮ ⁦# Check if admin⁩ ⁦":
    print("You are an admin.")
# ok: HOMOGLYPH_IDENTIFIER
