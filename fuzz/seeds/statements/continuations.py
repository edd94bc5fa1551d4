class A:
    a = 1 \
        + 2
    b = [
  3]
    match = 4
    def match(self): pass
