# canary-test: path=cadence/__init__.py release.interval_hours=2 release.usual_interval_hours=400 release.off_cadence=true release.has_project_url=true
# Two hours after the previous release; the project usually releases every 400 h.
VERSION = "1.82.8"
# ruleid: RELEASE_OFF_CADENCE
