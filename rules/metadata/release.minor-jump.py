# canary-test: path=ordinary/__init__.py release.version=3.0.0 release.version_jump=1 release.has_project_url=true
# An ordinary major bump.
VERSION = "3.0.0"
# ok: RELEASE_VERSION_JUMP
