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
(`send`; written in batches of about BATCH_BYTES); its module's `__main__` is `serve(work, streamed=True)`, and
`work(inputs, items)` reads them as they come. `end_stream()` (or `answer()`) ends the stream with an explicit
last item: a stream that stops without it (the build's process killed) ends the other process at once, its work
unfinished and nothing written.

The other process's stdin is its lifeline: the build keeps it open until it has the answer (or has stopped the
process). Its end before then means the build's process is gone (killed, out of memory), and the other process
ends at once, wherever its work has got to: a work that writes into the site (the Word files, the library's
index, the page passes) never goes on writing into a folder a later build is writing (found by a review: an
orphaned Word process wrote a killed build's files over the next build's).

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
from dataclasses import dataclass, field

BEGUN = b"B"  # the other process's first byte: it has its inputs and starts the work
# a streamed process's items go to the thread that writes them in batches of about this many bytes: each hand-over
# wakes that thread, which then takes Python's lock from the build for a moment, and every file the build opens
# meanwhile gives it back; with both cores busy, each of those turns waits for the scheduler (measured at 100
# speeches: MkDocs reading its 921 Markdown files took 0.70 s with items handed over one by one, 0.05 s with one
# core and no other process)
BATCH_BYTES = 1 << 16


@dataclass
class OtherProcess:
    popen: subprocess.Popen
    began: bool = False  # known after answer(): the work had begun
    feeding: threading.Thread | None = None  # writes the inputs: the other Python reads them once it has started
    items: queue.SimpleQueue | None = None  # a streamed process's batches: (items, their pickles); None ends
    batch: list[bytes] = field(default_factory=list)  # items sent, pickled, not yet handed to the thread
    batched: int = 0  # their bytes
    queued: int = 0  # items handed to the thread
    written: list[int] = field(default_factory=lambda: [0])  # items the thread has written (it counts them)

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
        started = cls(popen, items=items)
        started.feeding = threading.Thread(target=_feed, args=(popen, data, items, started.written), daemon=True)
        started.feeding.start()
        return started

    @property
    def backlog(self) -> int:
        """How many items handed to the writing thread are not yet written to the other process (it has not read up
        to them); the batch still being filled (at most about BATCH_BYTES) is not counted."""
        return self.queued - self.written[0]  # not the batch being made: it is handed over at BATCH_BYTES

    def send(self, item: object) -> None:
        """One more input for a streamed process's work, written beside the build (in the order sent, in batches of
        about BATCH_BYTES)."""
        assert self.items is not None, "send: not a streamed process"
        data = pickle.dumps(item)
        self.batch.append(data)
        self.batched += len(data)
        if self.batched >= BATCH_BYTES:
            self._hand_over()

    def _hand_over(self) -> None:
        if self.items is not None and self.batch:
            self.items.put((len(self.batch), b"".join(self.batch)))
            self.queued += len(self.batch)
            self.batch, self.batched = [], 0

    def end_stream(self) -> None:
        """No more inputs: a streamed process goes on to its answer (which `answer()` then waits for)."""
        if self.items is not None:
            self._hand_over()
            self.items.put(None)  # the end of the stream: the feeding thread closes stdin
            self.items = None

    def _fed(self) -> None:
        self.end_stream()
        if self.feeding is not None:
            self.feeding.join()
            self.feeding = None

    def _let_go(self) -> None:
        """The lifeline closed: the other process has answered, or has been killed."""
        with contextlib.suppress(OSError):
            self.popen.stdin.close()  # type: ignore[union-attr]

    def stop(self) -> None:
        """End and reap the process (the build failed: nothing goes on writing)."""
        self.popen.kill()
        self._fed()
        self._let_go()
        self.popen.wait()
        self.popen.stdout.close()  # type: ignore[union-attr]

    def answer(self) -> tuple | None:
        """The work's answer (a tuple), or None when it ended without one; an error it raised is raised here."""
        self.end_stream()  # a streamed process answers once its stream has ended
        out = self.popen.stdout.read()  # type: ignore[union-attr]
        self._fed()
        self._let_go()
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


def _feed(
    popen: subprocess.Popen, data: bytes, items: queue.SimpleQueue | None = None, written: list[int] | None = None
) -> None:
    """The inputs on the other process's stdin, then a streamed process's batches of items until the end of the
    stream (counted in `written` once written); one that ended before reading them gives no answer. Stdin stays
    open: the lifeline, closed once the answer is read (`answer`, `stop`)."""
    stdin = popen.stdin
    assert stdin is not None
    try:
        stdin.write(data)
        stdin.flush()
        while items is not None and (batch := items.get()) is not None:
            count, pickles = batch
            stdin.write(pickles)
            stdin.flush()  # each batch to the other Python as it comes, not when a buffer fills
            if written is not None:
                written[0] += count
        if items is not None:
            stdin.write(_END)  # the stream's end, as the build sent it (a bare end of file: the build is gone)
            stdin.flush()
    except OSError:  # the other process has ended: closed here too (its answer says what happened)
        with contextlib.suppress(OSError):
            stdin.close()


class StreamEnd:
    """The last item of a stream, written once the build has sent everything (`end_stream`)."""


class StreamCut(BaseException):
    """A stream that stopped without its StreamEnd: the build's process is gone (killed, out of memory). Not an
    Exception, so that no work goes on to finish with half its inputs: the other process ends, writing nothing."""


_END = pickle.dumps(StreamEnd)


def _items(stdin) -> Iterator[object]:
    """A streamed process's items, each unpickled as it comes, until the stream's end (StreamCut when it stops
    short of it)."""
    while True:
        try:
            item = pickle.load(stdin)
        except (EOFError, pickle.UnpicklingError):  # ended, or cut in the middle of an item
            raise StreamCut from None
        if item is StreamEnd:
            return
        yield item


_WORKED = threading.Event()  # the work has returned: what is left is writing the answer


def _hold(stdin) -> None:
    """From now on, the end of stdin (the lifeline: the build's process gone) ends this process at once, unless its
    work is done (the build closes it once it has the answer, maybe before this process has quite ended)."""

    fd = stdin.fileno()

    def watch() -> None:
        # on the file descriptor, not the buffered reader: a daemon thread holding that reader's lock when the
        # process ends would abort it; nothing more is sent, so nothing is left in the reader's buffer
        with contextlib.suppress(OSError):
            while os.read(fd, 1 << 16):  # only its end is waited for
                pass
        if not _WORKED.is_set():
            os._exit(1)  # no answer, and nothing more written

    threading.Thread(target=watch, daemon=True).start()


def _held(items: Iterator[object], stdin) -> Iterator[object]:
    """A stream's items, then the lifeline held once the stream has ended."""
    yield from items
    _hold(stdin)


def serve(work: Callable[..., tuple], streamed: bool = False) -> None:
    """The other process's side: the pickled inputs from stdin, ("done", *work(inputs)) or ("raised", error)
    pickled to stdout. `streamed`: work(inputs, items), the items read from stdin as they come. Stdin's end before
    the answer is written (the build's process gone) ends this process at once."""
    stdin = sys.stdin.buffer
    try:
        inputs = pickle.load(stdin)
    except (EOFError, pickle.UnpicklingError):
        return  # the build's process is gone before its inputs were written
    sys.stdout.buffer.write(BEGUN)
    sys.stdout.buffer.flush()
    try:
        if streamed:
            answer: tuple = ("done", *work(inputs, _held(_items(stdin), stdin)))
        else:
            _hold(stdin)
            answer = ("done", *work(inputs))
        _WORKED.set()
    except StreamCut:
        return  # no one is waiting for the answer
    except Exception as exc:
        _WORKED.set()
        answer = ("raised", exc)
    try:
        data = pickle.dumps(answer)
        pickle.loads(data)  # an error whose class cannot be made again from its pickle would be lost there
    except Exception:  # an error that cannot be sent: its type and message
        data = pickle.dumps(("raised", RuntimeError(f"{type(answer[1]).__name__}: {answer[1]}")))
    sys.stdout.buffer.write(data)
