from tests.web.conftest import media_root  # noqa: F401 (the fixture, for these tests too)
