"""A real ``bankwire serve`` on a free loopback port, as a subprocess that can be killed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

MAIN = "from bankwire.cli.main import main; main()"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def cli(
    database_url: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``bankwire --db URL ARGS`` and return the finished process."""
    return subprocess.run(
        [sys.executable, "-c", MAIN, "--db", database_url, *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )  # fmt: skip


class Server:
    def __init__(
        self, database_url: str, log: Path, env: dict[str, str] | None = None, workers: int = 1
    ) -> None:
        self.database_url = database_url
        self.workers = workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log
        self._env = {**os.environ, **(env or {})}
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-c", MAIN, "--db", self.database_url, "serve",
                 "--port", str(self.port),
                 *(["--workers", str(self.workers)] if self.workers != 1 else [])],
                stdout=log, stderr=subprocess.STDOUT, env=self._env,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"server exited: {self._log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/openapi.json", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("server did not start within 60 s")

    @property
    def pid(self) -> int:
        assert self._process is not None, "server not started"
        return self._process.pid

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, exactly like a power cut for the process."""
        assert self._process is not None
        self._process.send_signal(signal.SIGKILL)
        self._process.wait(timeout=30)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=30)
