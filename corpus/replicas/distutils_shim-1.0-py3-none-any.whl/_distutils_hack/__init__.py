"""Stand-in for setuptools' _distutils_hack, imported by distutils-precedence.pth.

The real module installs a meta-path finder so that `import distutils`
resolves to setuptools' bundled copy. This replica only records the request.
"""
import sys

_shim_requested = False


def add_shim():
    """Called from distutils-precedence.pth at interpreter start-up."""
    global _shim_requested
    _shim_requested = True


def remove_shim():
    global _shim_requested
    _shim_requested = False


def shim_active():
    return _shim_requested and "distutils" not in sys.modules
