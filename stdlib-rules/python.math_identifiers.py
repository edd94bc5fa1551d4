# canary-test: path=mypkg/mi.py artifact=wheel
# python.math_identifiers: one match per disguised name followed by code.
# ruleid: math_identifiers
𝘰𝘴 = __𝘪𝘮𝘱𝘰𝘳𝘵__("os")
# ruleid: math_identifiers
𝘱𝘳𝘪𝘯𝘵("inert")
# ok: math_identifiers
LABEL = "𝘪𝘵𝘢𝘭𝘪𝘤 text"
# ok: math_identifiers
𝘢 = 1
