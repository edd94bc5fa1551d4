# canary-test: path=tool/notes.py artifact=wheel
# Mentioning PyArmor is not using it.
# ok: PACKED_PYARMOR
NOTE = "This project is not obfuscated with PyArmor; pyarmor_runtime is not needed."
