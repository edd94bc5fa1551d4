# canary-test: path=litellm/__init__.py release.known_malicious=false release.advisory= release.has_project_url=true
# No advisory names this release.
VERSION = "1.82.6"
# ok: RELEASE_KNOWN_MALICIOUS
