# canary-test: path=nourl/__init__.py release.known=true release.has_project_url=false
# The index lists no home page and no project URL.
VERSION = "0.1"
# ruleid: RELEASE_NO_PROJECT_URL
