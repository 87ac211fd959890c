"""What the tests see of processes they start."""

from __future__ import annotations

import os
from pathlib import Path


def gone(pid: int) -> bool:
    """Whether process `pid` has ended (a zombie no one reaps counts as ended). Without /proc (macOS, Windows): by
    signal 0, which an orphan's reaper (launchd) answers once it has reaped it."""
    if not Path("/proc/self/stat").exists():
        # (Windows' os.kill ends the process whatever the signal: no way to look without ending it)
        assert os.name == "posix", "this test needs /proc or POSIX signals to see whether a process has ended"
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def wait_gone(pid: int, seconds: float, message: str) -> None:
    """Wait until process `pid` has ended (a condition, not a sleep), at most `seconds`; else fail with `message`.
    It is killed in any case, so that no test leaves it running."""
    import time

    try:
        deadline = time.monotonic() + seconds
        while not gone(pid):
            assert time.monotonic() < deadline, message
            time.sleep(0.01)
    finally:
        if not gone(pid):
            os.kill(pid, 9)
