# canary-test: path=mypkg/urls.py artifact=wheel
# Every member of python.payload_urls (addresses from documentation ranges).
# ruleid: payload_urls
A = "ftp://198.51.100.23/x"
# ruleid: payload_urls
B = "https://media.discordapp.net/attachments/1/2/a.zip"
# ruleid: payload_urls
C = "https://example.invalid/setup.msi?v=2"
# ruleid: payload_urls
D = "https://gist.githubusercontent.com/example/1/raw/run.sh"
# ok: payload_urls
E = "http://127.0.0.1:5000/"
# ok: payload_urls
F = "http://169.254.169.254/latest/api/token"
# ok: payload_urls
G = "https://example.invalid/setup.msi.asc"
# ok: payload_urls
H = "https://raw.githubusercontent.com/example/x/main/data.json"
# ok: payload_urls
I = "192.0.2.1"
