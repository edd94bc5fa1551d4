# canary-test: path=mypkg/config.py artifact=wheel
# Where droppers keep their second stage (hosts are documentation/reserved).
# ruleid: PAYLOAD_URL
STAGE_IP = "http://203.0.113.7:8080/s"
# ruleid: PAYLOAD_URL
STAGE_CDN = "https://cdn.discordapp.com/attachments/1/2/update.bin"
# ruleid: PAYLOAD_URL
STAGE_EXE = "https://example.invalid/files/WindowsUpdate.exe"
# ruleid: PAYLOAD_URL
STAGE_RAW = "https://raw.githubusercontent.com/example/x/main/loader.py"

# Private, loopback and link-local addresses are not payload hosts.
# ok: PAYLOAD_URL
LOCAL = "http://127.0.0.1:8000/api"
# ok: PAYLOAD_URL
METADATA = "http://169.254.169.254/latest/meta-data/"
# ok: PAYLOAD_URL
LAN = ["http://10.0.0.2/", "http://192.168.1.1/", "http://172.16.0.1/"]
# ok: PAYLOAD_URL
VERSION = "1.2.3.4"
# ok: PAYLOAD_URL
CHECKSUMS = "https://example.invalid/files/WindowsUpdate.exe.sha256"
# ok: PAYLOAD_URL
DOCS = "https://raw.githubusercontent.com/example/x/main/README.md"
# ok: DOWNLOAD_AND_EXECUTE
_ = None
