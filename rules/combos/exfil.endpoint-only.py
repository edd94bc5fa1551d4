# canary-test: path=docs_helper/links.py artifact=wheel
# A list of services, no network call in the file.
SERVICES = ["https://webhook.site", "https://example.invalid"]
# ok: EXFIL_ENDPOINT_WITH_NETWORK
