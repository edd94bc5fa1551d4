# canary-test: path=mypkg/_u.py artifact=wheel
# Names in mathematical italic letters fold to ASCII (NFKC): this is
# __import__('os').getcwd() and print(...) with every name disguised.
# ruleid: UNICODE_IDENTIFIER_OBFUSCATION
_𝘮𝘰𝘥 = __𝘪𝘮𝘱𝘰𝘳𝘵__('os')
# ruleid: UNICODE_IDENTIFIER_OBFUSCATION
𝘤𝘸𝘥 = _mod.getcwd()
# ruleid: UNICODE_IDENTIFIER_OBFUSCATION
𝘱𝘳𝘪𝘯𝘵("inert", cwd)
