# canary-test: path=mypkg/debug.py artifact=wheel
# Attribute names hidden from search, in a file that runs nothing: medium.
import sys

# ruleid: COMPUTED_ATTRIBUTE_NAME, computed_attribute
_frame = getattr(sys, "emarfteg_"[::-1])
# ruleid: COMPUTED_ATTRIBUTE_NAME, computed_attribute
_x = getattr(sys, "".join(chr(c) for c in [112, 97, 116, 104]))
# ruleid: COMPUTED_ATTRIBUTE_NAME, computed_attribute
_y = getattr(sys, "pa" + "th")
# ok: COMPUTED_ATTRIBUTE_NAME
_z = getattr(sys, "path")
# ok: COMPUTED_ATTRIBUTE_WITH_EXECUTION, COMPUTED_IMPORT_NAME
