# canary-test: path=mypkg/notify.py artifact=wheel
# Where stealers and dependency-confusion probes report (ids are made up).
# ruleid: EXFIL_SERVICE_ENDPOINT
DISCORD = "https://discord.com/api/webhooks/000000/inert-fixture"
# ruleid: EXFIL_SERVICE_ENDPOINT
TELEGRAM = "https://api.telegram.org/bot000000:inert/sendMessage"
# ruleid: EXFIL_SERVICE_ENDPOINT
CATCHER = "https://webhook.site/00000000-0000-0000-0000-000000000000"
# ruleid: EXFIL_SERVICE_ENDPOINT
OAST = "inert0000.oastify.com"
# ruleid: EXFIL_SERVICE_ENDPOINT
TUNNEL = "https://inert-fixture.ngrok-free.app/c"
# ruleid: EXFIL_SERVICE_ENDPOINT
PASTE = "https://pastebin.com/raw/inert000"
