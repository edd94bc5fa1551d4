# canary-test: path=mypkg/_h.pyi artifact=wheel
# Type stubs describe names; they never run.
# ok: HIDDEN_BUILTINS
run = exec
