# canary-test: path=mytool/doctor.py artifact=wheel
# A tool that prints installation advice for the user and runs nothing.


def advice():
    # ok: DOWNLOAD_PIPE_TO_SHELL
    print("Download https://example.invalid/rustup-init.sh and review it before running.")
    # Documented false positive: printing the one-liner as advice is the same text.
    # todook: DOWNLOAD_PIPE_TO_SHELL
    print("Install rust with: curl --proto '=https' --tlsv1.2 -sSf https://example.invalid/rustup.sh | sh")
