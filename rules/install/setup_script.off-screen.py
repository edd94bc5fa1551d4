# canary-test: path=setup.py artifact=sdist
# A statement pushed off screen by padding (inert: it only prints).
import os                                                                                                                                                              ;print("inert")
from setuptools import setup

# ok: CODE_HIDDEN_OFF_SCREEN
VALUES = [1, 2, 3]                                                                                                                                                     # aligned comment
setup(name="x", version="1")
# ruleid: CODE_HIDDEN_OFF_SCREEN
