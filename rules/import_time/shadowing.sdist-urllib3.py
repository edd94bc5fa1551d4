# canary-test: path=urllib3/connectionpool.py artifact=sdist name=fastnet-0.2.tar.gz
# An sdist of "fastnet" whose root holds urllib3/: installed, it adds a module to the real urllib3.
def urlopen(*args, **kwargs):
    return None
# ruleid: SHADOWS_POPULAR_PACKAGE
