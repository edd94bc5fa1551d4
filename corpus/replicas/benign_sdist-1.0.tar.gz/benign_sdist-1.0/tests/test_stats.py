from benign_sdist import mean, median, percentile


def test_mean():
    assert mean([1, 2, 3]) == 2


def test_median():
    assert median([3, 1, 2]) == 2


def test_percentile():
    assert percentile([0, 10], 50) == 5
