# canary-test: path=mypkg/_h.py artifact=wheel
# exec/eval/__import__ reached under names that hide them.
import builtins

# ruleid: HIDDEN_BUILTINS
Statistics, _square = exec, str
# ruleid: HIDDEN_BUILTINS
b = exec
# ruleid: HIDDEN_BUILTINS
getattr(builtins, "eval")("1 + 1")
# ruleid: HIDDEN_BUILTINS
run = getattr(__builtins__, "exec")
# ruleid: HIDDEN_BUILTINS
__builtins__["exec"]("x = 1")
# ruleid: HIDDEN_BUILTINS
loader = vars(builtins)["__import__"]
# ruleid: HIDDEN_BUILTINS
imp = builtins.__dict__["__import__"]
