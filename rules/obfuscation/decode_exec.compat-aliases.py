# canary-test: path=mypkg/_compat.py artifact=wheel
# Compatibility aliases keep the name: six, reportlab, mpmath.
import builtins

# ok: HIDDEN_BUILTINS
exec_ = exec
# ok: HIDDEN_BUILTINS
rl_exec = exec
# ok: HIDDEN_BUILTINS
exec_ = getattr(builtins, "exec")
# A module re-exporting its own compile function.
# ok: HIDDEN_BUILTINS
regex_compile = compile
# ok: HIDDEN_BUILTINS
print_ = getattr(builtins, "print")
