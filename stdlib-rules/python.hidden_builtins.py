# canary-test: path=mypkg/hb.py artifact=wheel
# Every member of python.hidden_builtins.
import builtins

# ruleid: hidden_builtins
a, b, c = exec, str, tuple
# ruleid: hidden_builtins
runner = eval
# ruleid: hidden_builtins
getattr(__builtins__, "compile")("1", "<x>", "eval")
# ruleid: hidden_builtins
loader = getattr(builtins, "__import__")
# ruleid: hidden_builtins
__builtins__["exec"]("x = 1")
# ruleid: hidden_builtins
x = vars(builtins)["eval"]
# ok: hidden_builtins
exec_ = exec
# ok: hidden_builtins
eval_ = getattr(builtins, "eval")
# ok: hidden_builtins
compile_fn = compile
# ok: hidden_builtins
x2 = obj.__builtins__["exec"]
# ok: hidden_builtins
value = getattr(builtins, "len")
