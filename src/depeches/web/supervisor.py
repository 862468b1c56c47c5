"""Run depeches' processes together (a crawl worker and the web server) and stop them cleanly.

`depeches run` and `depeches demo` start each part as a child process running its own
`depeches` verb, so each part behaves exactly as when run alone; Ctrl-C or SIGTERM stops
both, and if one part dies the other is stopped too rather than left half-running.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

STOP_GRACE_SECONDS = 10


class DataDirectoryBusy(Exception):
    pass


class DataDirectoryLock:
    """An exclusive lock on the data directory, held while `run` or `demo` runs."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / "run.lock"
        self.handle = None

    def __enter__(self) -> DataDirectoryLock:
        self.handle = open(self.path, "a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.seek(0)
            holder = self.handle.read().strip() or "another process"
            self.handle.close()
            raise DataDirectoryBusy(
                f"{self.path.parent} is in use by {holder}; stop it first, or give this one "
                "its own DEPECHES_DATA"
            ) from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(f"depeches (pid {os.getpid()})")
        self.handle.flush()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.handle:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


def depeches_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "depeches", *args]


def supervise(
    commands: dict[str, list[str]],
    *,
    env: dict[str, str] | None = None,
    on_tick: Callable[[], None] | None = None,
    write: Callable[[str], None] = print,
) -> int:
    """Start the commands, wait until one ends or a stop signal comes, stop them all.

    Returns 0 after a requested stop, else 1 (a part ended by itself).
    """
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    children = {
        name: subprocess.Popen(command, env=env or os.environ.copy())
        for name, command in commands.items()
    }
    failed = ""
    try:
        while not stopping and not failed:
            failed = next((n for n, child in children.items() if child.poll() is not None), "")
            if on_tick:
                on_tick()
            time.sleep(0.2)
    finally:
        stop_all(children)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if failed:
        write(
            f"depeches: the {failed} process ended (exit {children[failed].returncode}); stopped."
        )
        return 1
    return 0


def stop_all(children: dict[str, subprocess.Popen]) -> None:
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
