"""Small statistics helpers."""
from benign_sdist.stats import mean, median, percentile

__version__ = "1.0"
__all__ = ["mean", "median", "percentile"]
