# canary-test: path=mypkg/__init__.py feed=../../hashfeeds/testdata/ioc-test.toml
# Longer host names that merely contain an indicator are other hosts.
HOSTS = ["notbeacon.example.invalid", "beacon.example.invalid-mirror.test"]
# ok: KNOWN_BAD_IOC, KNOWN_BAD_IOC_IN_DATA
