"""depeches: the news aggregator and search engine of the Moroccan press."""

__version__ = "0.1.0"
