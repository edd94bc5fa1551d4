import os


@decorator(1)
class A(Base, metaclass=Meta):
    """Doc."""

    x: int = 1
    y = (1,
2)

    @property
    def value(self):
        if self.x:
            return getattr(self, "v" + "alue")
        else:
            return None

    # comment
    try:
        import fast
    except ImportError:
        fast = None
    finally:
        pass

    s = '''
not = a member
'''

    class Inner:
        def f(self): pass

    async def g(self):
        await x


class B: pass
class C:
	def f(self):
		return 1
	def g(self):
		return 2
x = 1; exec(y)
