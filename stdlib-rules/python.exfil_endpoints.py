# canary-test: path=mypkg/endpoints.py artifact=wheel
# Every member of python.exfil_endpoints (ids are made up).
# ruleid: exfil_endpoints
A = "https://discordapp.com/api/webhooks/000/inert"
# ruleid: exfil_endpoints
B = "https://api.telegram.org/bot000:inert/sendDocument"
# ruleid: exfil_endpoints
C = "https://inert.requestcatcher.com/"
# ruleid: exfil_endpoints
D = "inert000.interact.sh"
# ruleid: exfil_endpoints
E = "https://inert.trycloudflare.com/"
# ok: exfil_endpoints
F = "https://discord.com/developers/docs/resources/webhook"
# ok: exfil_endpoints
G = "https://telegram.org/apps"
# ok: exfil_endpoints
H = "https://example.invalid/interact.shell"
# ruleid: exfil_endpoints
I = "https://inert.dnshook.site/"
# ruleid: exfil_endpoints
J = "https://iplogger.com/inert"
# ok: exfil_endpoints
K = "https://example.invalid/iploggers"
