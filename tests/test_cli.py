"""The `depeches` command as a newcomer runs it: a real subprocess each time."""

import json
import subprocess
import sys

import pytest

VERBS = ["run", "demo", "crawl", "web", "standin", "sources", "stats", "migrate"]


def depeches(*args, env=None, timeout=60):
    return subprocess.run(
        [sys.executable, "-m", "depeches", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_help_lists_the_verbs(isolated_env):
    listing = depeches("help", env=isolated_env).stdout
    for verb in VERBS:
        assert verb in listing


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help(isolated_env, verb):
    result = depeches(verb, "--help", env=isolated_env)
    assert result.returncode == 0, result.stderr
    assert "usage: depeches" in result.stdout
    assert "not implemented" not in result.stdout.lower()


def test_stats_json_has_the_six_counts(isolated_env):
    assert depeches("migrate", env=isolated_env).returncode == 0
    result = depeches("stats", "--json", env=isolated_env)
    assert json.loads(result.stdout) == {
        "outlets": 0,
        "feeds": 0,
        "articles": 0,
        "images": 0,
        "stories": 0,
        "blocked_images": 0,
    }


def test_an_unreachable_database_costs_one_clear_line(isolated_env):
    isolated_env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:1/nothing"
    result = depeches("stats", env=isolated_env)
    assert result.returncode == 2
    assert result.stderr.startswith("depeches: cannot use the database at postgres://")
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_secret_key_is_generated_once_into_the_data_directory(isolated_env, tmp_path):
    isolated_env.pop("DEPECHES_SECRET_KEY", None)
    show_key = [
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
    ]
    first = depeches(*show_key, env=isolated_env).stdout.strip()
    second = depeches(*show_key, env=isolated_env).stdout.strip()
    assert len(first) > 40 and first == second
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.read_text() == first and oct(key_file.stat().st_mode)[-3:] == "600"


def test_a_database_without_tables_says_to_migrate(isolated_env):
    result = depeches("stats", env=isolated_env)
    assert result.returncode == 2
    assert "run `depeches migrate`" in result.stderr and "Traceback" not in result.stderr
