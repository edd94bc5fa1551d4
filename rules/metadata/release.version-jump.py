# canary-test: path=depconf_probe/__init__.py release.version=99.0.0 release.version_jump=98 release.has_project_url=true
# 1.0.0 then 99.0.0: the dependency-confusion pattern.
VERSION = "99.0.0"
# ruleid: RELEASE_VERSION_JUMP
