"""The preview (scripts/serve.sh): it rebuilds on every source, and says so when its port is taken."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, copy_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_a_taken_port_gets_one_line_naming_another_port():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PORT": str(port)}
        result = subprocess.run(["bash", "scripts/serve.sh"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]  # in Chinese (serve.sh's own English check is gone)
    assert last.startswith(f"错误：端口{port}已被占用") and "PORT=" in last
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_the_preview_rebuilds_on_every_kind_of_source(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        command, cwd=project, env=env, stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True).start()

    def builds() -> int:
        # the first build counts once the server is watching ("Serving on" comes after "Watching paths"):
        # an edit made between "Documentation built" and the watcher's start is never seen. Each rebuild
        # ends with livereload's "Reloading browsers", which it prints only after a rebuild that succeeded.
        first = any("Serving on" in line for line in lines)
        return first + sum("Reloading browsers" in line for line in lines)

    def wait_for(count: int, what: str) -> None:
        deadline = time.monotonic() + 90
        while builds() < count:
            assert server.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, f"no rebuild after changing {what}:\n{''.join(lines[-20:])}"
            time.sleep(0.2)  # polling the server's output: the condition is the rebuild line

    try:
        wait_for(1, "nothing (first build)")
        edits = ["glossary.yml", "source/speech.txt", "overrides/main.html", "overrides/assets/stylesheets/site.css"]
        for n, name in enumerate(edits, start=2):
            path = project / name
            path.write_bytes(path.read_bytes())  # same content, new mtime: a save in an editor
            os.utime(path)
            wait_for(n, name)
    finally:
        server.terminate()
        server.wait(timeout=30)
