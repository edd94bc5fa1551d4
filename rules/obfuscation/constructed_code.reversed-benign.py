# canary-test: path=tests/test_strings.py artifact=wheel
# A test reversing a long sentence: low, no exec.
def test_reverse():
    # ruleid: REVERSED_STRING, reversed_string
    assert "a man a plan a canal panama, reversed"[::-1].startswith("des")
    # ok: REVERSED_STRING
    assert "short"[::-1] == "trohs"
# ok: REVERSED_STRING_WITH_EXEC, EXEC_CONSTRUCTED_STRING
