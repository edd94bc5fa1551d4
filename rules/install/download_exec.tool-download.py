# canary-test: path=torch/cuda/_memory_viz.py artifact=wheel
# torch's shape: a helper script downloaded, then run with an argument vector.
import subprocess
import urllib.request


def flamegraph(script="/tmp/flamegraph.pl"):
    urllib.request.urlretrieve("https://example.invalid/flamegraph.pl", script)
    args = [script, "--countname", "bytes"]
    return subprocess.Popen(args, stdin=subprocess.PIPE)
# ok: DOWNLOAD_WRITE_RUN
