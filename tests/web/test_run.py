"""`depeches run` as an operator starts it: migrations, crawl worker and web server."""

import signal
import subprocess
import sys
import time

import httpx

from tests.conftest import free_port


def start_run(env, port):
    return subprocess.Popen(
        [sys.executable, "-m", "depeches", "run", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_page(url: str, process: subprocess.Popen, attempts: int = 300) -> httpx.Response:
    for _ in range(attempts):
        assert process.poll() is None, process.communicate()
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def test_run_serves_refuses_a_second_run_and_stops_cleanly(isolated_env):
    port = free_port()
    first = start_run(isolated_env, port)
    try:
        home = wait_for_page(f"http://127.0.0.1:{port}/", first)
        assert home.status_code == 200 and "depeches" in home.text
        second = subprocess.run(
            [sys.executable, "-m", "depeches", "run", "--port", str(free_port())],
            env=isolated_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode != 0
        assert "is in use by depeches (pid" in second.stderr
    finally:
        first.send_signal(signal.SIGINT)
        out, err = first.communicate(timeout=30)
    assert first.returncode == 0, err
    assert "Traceback" not in err
    # Both parts are gone: the port is free again.
    with __import__("socket").socket() as probe:
        probe.bind(("127.0.0.1", port))
