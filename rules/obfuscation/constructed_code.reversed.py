# canary-test: path=mypkg/util.py artifact=wheel
# Code kept backwards in a variable and run later (inert: print("inert")).
# ruleid: REVERSED_STRING_WITH_EXEC, reversed_string
_c = ")'trieni yltcefrep si edoc siht'(tnirp"[::-1]


def go():
    # ruleid: REVERSED_STRING_WITH_EXEC
    exec(_c)
# ok: REVERSED_STRING, EXEC_CONSTRUCTED_STRING
