import pytest


@pytest.fixture(autouse=True)
def no_pause_between_requests(settings):
    """The stand-ins are ours and on this machine: discovery need not pace itself."""
    settings.DEPECHES_HOST_DELAY = 0.0
