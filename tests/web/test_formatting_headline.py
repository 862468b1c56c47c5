from datetime import UTC, datetime

from depeches.web.formatting import headline_time


def test_an_older_headline_shows_its_day():
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert headline_time(datetime(2026, 11, 28, 9, 30, tzinfo=UTC), now) == "10:30"
    assert headline_time(datetime(2026, 11, 21, 14, 0, tzinfo=UTC), now) == "21/11 15:00"
