"""The production web server: gunicorn, embedded so `depeches web` needs no other command."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class DepechesServer(BaseApplication):
    def __init__(self, host: str, port: int, workers: int, threads: int, **extra):
        self.options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread" if threads > 1 else "sync",
            "accesslog": "-" if extra.get("access_log") else None,
            "errorlog": "-",
            "loglevel": "warning",
            "graceful_timeout": 5,
            "timeout": 30,
            # Load the Django app once in the master: workers fork with it ready.
            "preload_app": True,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self):
        from depeches.wsgi import application

        return application
