import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from depeches.demo.corpus import load_corpus
from depeches.demo.following import follow_sites
from depeches.demo.standin import StandinError, StandinNetwork
from depeches.web.management.commands.web import add_server_arguments
from depeches.web.supervisor import (
    DataDirectoryBusy,
    DataDirectoryLock,
    depeches_command,
    supervise,
)

DEMO_CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "demo.jsonl"
SQLITE_FILES = ("depeches.sqlite3", "depeches.sqlite3-wal", "depeches.sqlite3-shm")


class Command(BaseCommand):
    help = (
        "Run the whole product with no internet: stand-in outlets on 127.0.0.1 publish the "
        "built-in demo corpus progressively, depeches follows them, crawls them and serves "
        "the site. On SQLite the demo keeps its own database under $DEPECHES_DATA/demo/ "
        "and starts afresh each time (--keep keeps it)."
    )

    def add_arguments(self, parser):
        add_server_arguments(parser)
        parser.add_argument(
            "--publish-every",
            type=float,
            default=20.0,
            help="Seconds between two new articles at the stand-in outlets (default 20).",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the previous demo data.")
        parser.add_argument(
            "--corpus", action="append", type=Path, help="Serve this JSONL corpus instead."
        )

    def handle(self, *args, host, port, publish_every, keep, corpus, **options):
        try:
            with DataDirectoryLock(settings.DATA_DIR):
                if not keep:
                    forget_previous_demo()
                call_command("migrate", interactive=False, verbosity=0)
                code = self.run_demo(host, port, publish_every, corpus or [DEMO_CORPUS])
        except DataDirectoryBusy as busy:
            raise CommandError(str(busy)) from None
        if code:
            raise CommandError("stopped because a part failed", returncode=code)

    def run_demo(self, host: str, port: int, publish_every: float, corpora: list[Path]) -> int:
        loaded = load_corpus(corpora)
        for problem in loaded.problems:
            self.stderr.write(problem)
        network = start_standins(loaded.articles, publish_every, port)
        try:
            follow_sites(network.sites)
            password = demo_moderator()
            connections.close_all()
            self.stdout.write(
                f"depeches demo: {len(network.sites)} stand-in outlets at {network.index_url}\n"
                f"depeches demo: moderation at http://{host}:{port}/admin/ "
                f"(user {DEMO_MODERATOR}, password {password})\n"
                f"depeches demo: the site is at http://{host}:{port}/ (Ctrl-C stops)"
            )
            self.stdout.flush()
            return supervise(
                {
                    "crawl": depeches_command("crawl"),
                    "web": depeches_command("web", "--host", host, "--port", str(port)),
                },
                env=demo_environment(),
                write=self.stderr.write,
            )
        finally:
            network.stop()


def start_standins(articles, publish_every: float, site_port: int) -> StandinNetwork:
    """The stand-in outlets on fixed ports beside the site's (8100, 8101, … for 8000), so
    that their URLs, hence the articles', stay the same from one demo to the next (`--keep`);
    on free ports when those are taken."""
    network = StandinNetwork(articles, publish_every=publish_every, index_port=site_port + 100)
    try:
        return network.start()
    except StandinError:
        return StandinNetwork(articles, publish_every=publish_every).start()


DEMO_MODERATOR = "moderation"


def demo_moderator() -> str:
    """A staff account to try moderation with, its password new at every start (printed
    on the demo's terminal only)."""
    password = secrets.token_urlsafe(9)
    user, _ = get_user_model().objects.get_or_create(username=DEMO_MODERATOR)
    user.is_staff = user.is_superuser = True
    user.set_password(password)
    user.save()
    return password


def forget_previous_demo() -> None:
    """Start the demo afresh: its outlets' ports change at every start."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        connections.close_all()
        for name in SQLITE_FILES:
            (settings.DATA_DIR / name).unlink(missing_ok=True)


def demo_environment() -> dict[str, str]:
    env = os.environ.copy()
    # New articles appear every few seconds at the stand-ins: poll them that often.
    env.setdefault("DEPECHES_FEED_MIN_INTERVAL", "5")
    env.setdefault("DEPECHES_FEED_MAX_INTERVAL", "30")
    return env
