"""`depeches check --deploy` is clean with production settings from the environment."""

from __future__ import annotations

import secrets
import subprocess
import sys

import pytest


def deploy_check(env: dict[str, str], **more: str) -> subprocess.CompletedProcess:
    env = {
        **env,
        "DEPECHES_SECRET_KEY": secrets.token_urlsafe(60),
        "DEPECHES_ALLOWED_HOSTS": "depeches.ma,www.depeches.ma",
        **more,
    }
    env.pop("DEPECHES_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "depeches", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "https",
    [
        {},  # the default: plain HTTP on 127.0.0.1, behind nothing
        {
            "DEPECHES_HTTPS": "1",
            "DEPECHES_HSTS_SECONDS": "31536000",
            "DEPECHES_HSTS_INCLUDE_SUBDOMAINS": "1",
            "DEPECHES_HSTS_PRELOAD": "1",
        },
    ],
)
def test_deploy_check_is_clean(isolated_env, https):
    result = deploy_check(isolated_env, **https)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_still_warns_about_what_the_operator_left_out(isolated_env):
    """HTTPS on but no HSTS: the one check silenced over plain HTTP speaks again."""
    result = deploy_check(isolated_env, DEPECHES_HTTPS="1")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
