"""Work done in another Python process, on the machine's second core, while the build goes on here.

One small interface for every such job (the library's search index, the Word files): `OtherProcess.start`
runs `python -m MODULE` with the pickled inputs on its stdin, and `answer()` waits for the pickled answer
on its stdout. The module's `__main__` is `serve(work)`. An error raised in the work comes back as it was
raised (a ContentError's one line stays one line); a process that could not start, or that ended without an
answer, gives None, and the caller does the work itself. With one core nothing is started. `began` tells
whether the work had begun (its first byte, BEGUN, is written once the inputs are read): a caller whose work
changes files in place (the page passes) cannot do it again after a process that began and then died.
`stop()` ends and reaps the process when the build fails before it asks for the answer.

A streamed process (`start(..., streamed=True)`) is also sent inputs one at a time as the build comes to them
(`send`); its module's `__main__` is `serve(work, streamed=True)`, and `work(inputs, items)` reads them as they
come. `answer()` ends the stream.

Not `multiprocessing`: its spawn re-runs the parent's `__main__` when that has no guard (a timing script
that builds would build twice).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

BEGUN = b"B"  # the other process's first byte: it has its inputs and starts the work


@dataclass
class OtherProcess:
    popen: subprocess.Popen
    began: bool = False  # known after answer(): the work had begun
    feeding: threading.Thread | None = None  # writes the inputs: the other Python reads them once it has started
    items: queue.SimpleQueue | None = None  # a streamed process's inputs sent after the first, pickled; None ends

    @classmethod
    def start(cls, module: str, inputs: object, streamed: bool = False) -> OtherProcess | None:
        """`python -m module` working on `inputs` (and, `streamed`, on what `send` gives it); None with one core
        or when it cannot be started."""
        if (os.cpu_count() or 1) < 2:
            return None
        try:
            data = pickle.dumps(inputs)
        except Exception:  # something in a project that cannot be sent: the work is done here
            return None
        try:
            popen = subprocess.Popen(
                [sys.executable, "-m", module],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return None
        # written from a thread: inputs larger than the pipe would hold this build until the other Python has
        # started and imported its module (about 0.15 s each, measured 0.46 s for a build's three)
        items: queue.SimpleQueue | None = queue.SimpleQueue() if streamed else None
        feeding = threading.Thread(target=_feed, args=(popen, data, items), daemon=True)
        started = cls(popen, feeding=feeding, items=items)
        feeding.start()
        return started

    @property
    def backlog(self) -> int:
        """How many items sent are not yet written to the other process (it has not read up to them)."""
        return 0 if self.items is None else self.items.qsize()

    def send(self, item: object) -> None:
        """One more input for a streamed process's work, written beside the build (in the order sent)."""
        assert self.items is not None, "send: not a streamed process"
        self.items.put(pickle.dumps(item))

    def end_stream(self) -> None:
        """No more inputs: a streamed process goes on to its answer (which `answer()` then waits for)."""
        if self.items is not None:
            self.items.put(None)  # the end of the stream: the feeding thread closes stdin
            self.items = None

    def _fed(self) -> None:
        self.end_stream()
        if self.feeding is not None:
            self.feeding.join()
            self.feeding = None

    def stop(self) -> None:
        """End and reap the process (the build failed: nothing goes on writing)."""
        self.popen.kill()
        self._fed()
        self.popen.wait()
        self.popen.stdout.close()  # type: ignore[union-attr]

    def answer(self) -> tuple | None:
        """The work's answer (a tuple), or None when it ended without one; an error it raised is raised here."""
        self.end_stream()  # a streamed process answers once its stream has ended
        out = self.popen.stdout.read()  # type: ignore[union-attr]
        self._fed()
        self.popen.stdout.close()  # type: ignore[union-attr]
        self.popen.wait()
        self.began = out[:1] == BEGUN
        try:
            answer = pickle.loads(out[1:]) if self.began and self.popen.returncode == 0 else None
        except Exception:
            answer = None
        if answer is not None and answer[0] == "raised":
            raise answer[1]
        return None if answer is None else answer[1:]


def _feed(popen: subprocess.Popen, data: bytes, items: queue.SimpleQueue | None = None) -> None:
    """The inputs on the other process's stdin, then a streamed process's items until the end of the stream; one
    that ended before reading them gives no answer."""
    stdin = popen.stdin
    assert stdin is not None
    try:
        stdin.write(data)
        stdin.flush()
        while items is not None and (item := items.get()) is not None:
            stdin.write(item)
            stdin.flush()  # each item to the other Python as it comes, not when a buffer fills
        stdin.close()
    except OSError:  # the other process has ended: closed here too (its answer says what happened)
        with contextlib.suppress(OSError):
            stdin.close()


def _items(stdin) -> Iterator[object]:
    """A streamed process's items, each unpickled as it comes, until the stream ends."""
    while True:
        try:
            yield pickle.load(stdin)
        except EOFError:
            return


def serve(work: Callable[..., tuple], streamed: bool = False) -> None:
    """The other process's side: the pickled inputs from stdin, ("done", *work(inputs)) or ("raised", error)
    pickled to stdout. `streamed`: work(inputs, items), the items read from stdin as they come."""
    stdin = sys.stdin.buffer
    inputs = pickle.load(stdin) if streamed else pickle.loads(stdin.read())
    sys.stdout.buffer.write(BEGUN)
    sys.stdout.buffer.flush()
    try:
        answer: tuple = ("done", *(work(inputs, _items(stdin)) if streamed else work(inputs)))
    except Exception as exc:
        answer = ("raised", exc)
    try:
        data = pickle.dumps(answer)
        pickle.loads(data)  # an error whose class cannot be made again from its pickle would be lost there
    except Exception:  # an error that cannot be sent: its type and message
        data = pickle.dumps(("raised", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]}")))
    sys.stdout.buffer.write(data)
