class A:
    a = 1
    def f(self):
        return f"{self.a!r:>{10}}"

b = 2
