# canary-test: path=mypkg/links.py artifact=wheel
# Links to the same services that receive nothing.
# ok: EXFIL_SERVICE_ENDPOINT
COMMUNITY = "https://discord.com/invite/example"
# ok: EXFIL_SERVICE_ENDPOINT
BOT_DOCS = "https://core.telegram.org/bots/api"
# ok: EXFIL_SERVICE_ENDPOINT
TUNNEL_DOCS = "https://ngrok.com/docs"
# ok: EXFIL_SERVICE_ENDPOINT
PROFILE = "https://pastebin.com/u/example"
# ok: EXFIL_SERVICE_ENDPOINT
SITE = "https://mywebhook.site.example.invalid/"
