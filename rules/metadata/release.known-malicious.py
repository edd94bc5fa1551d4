# canary-test: path=litellm/__init__.py release.known_malicious=true release.advisory=MAL-0000-canary-sample release.has_project_url=true
# An advisory lists this release as malicious: critical whatever the code looks like.
VERSION = "1.82.8"
# ruleid: RELEASE_KNOWN_MALICIOUS
