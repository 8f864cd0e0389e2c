"""The background thread: takes points from a bounded buffer, sends batches, spools on failure."""

import collections
import json
import sys
import threading
import time

from ._http import Refused, Unreachable


def _warn(message):
    sys.stderr.write("slurmdeck_tracker: %s\n" % message)


class Sender:
    """Batches points on its own thread; `add` never blocks and drops (counting) when full."""

    def __init__(self, uid, http, spool, ensure_registered, next_seq, max_points=1_000_000,
                 batch_points=10_000, interval=2.0, offline_retry=30.0):
        self.uid = uid
        self.http = http
        self.spool = spool
        self.ensure_registered = ensure_registered
        self.seq = next_seq - 1
        self.max_points = max_points
        self.batch_points = batch_points
        self.interval = interval
        self.offline_retry = offline_retry
        self.dropped = 0
        self.sent_http = 0
        self.sent_spool = 0
        # A deque of lists: append and popleft need no lock, so a signal handler that flushes
        # while the training thread was inside add() cannot deadlock.
        self._buffer = collections.deque()
        # Declared files (checkpoints, artifacts): few, never dropped, sent with the next batch.
        self._files = collections.deque()
        # Each counter has one writer (the logging thread, this thread): no lock for them either.
        self._added = 0
        self._taken = 0
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stop = False
        self._offline_until = 0.0 if http else float("inf")
        self._warned = set()
        self._thread = threading.Thread(target=self._loop, name="slurmdeck-tracker", daemon=True)
        self._thread.start()

    def add(self, points):
        room = self.max_points - (self._added - self._taken)
        if room < len(points):
            self.dropped += len(points) - max(room, 0)
            points = points[: max(room, 0)]
            if not points:
                return
        self._buffer.append(points)
        self._added += len(points)
        # After the append: the sender, finding the buffer empty, may set idle; not before it.
        self._idle.clear()
        if self._added - self._taken >= self.batch_points:
            self._wake.set()

    def add_file(self, record):
        self._files.append(record)
        self._idle.clear()
        self._wake.set()

    def _take_files(self):
        taken = []
        while len(taken) < 1000:
            try:
                taken.append(self._files.popleft())
            except IndexError:
                break
        return taken

    def flush(self, timeout=30.0):
        """Sends everything buffered so far; True when it got out (to the server or the spool)."""
        self._wake.set()
        return self._idle.wait(timeout)

    def close(self, timeout=30.0):
        ok = self.flush(timeout)
        self._stop = True
        self._wake.set()
        self._thread.join(timeout=1.0)
        return ok

    def _take(self):
        taken = []
        while len(taken) < self.batch_points:
            try:
                part = self._buffer.popleft()
            except IndexError:
                break
            room = self.batch_points - len(taken)
            if len(part) > room:
                self._buffer.appendleft(part[room:])
                part = part[:room]
            taken.extend(part)
        self._taken += len(taken)
        return taken

    def _loop(self):
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            while True:
                points = self._take()
                files = self._take_files()
                if not points and not files:
                    if not self._buffer and not self._files:
                        self._idle.set()
                    break
                self.seq += 1
                batch = {"run": self.uid, "seq": self.seq, "points": points}
                if files:
                    batch["files"] = files
                try:
                    self._send(batch)
                except Exception as error:  # never let the thread die: training goes on
                    self.dropped += len(points)
                    self._warn_once("lost", "lost a batch: %r" % (error,))
            if self._stop:
                return

    def _send(self, batch):
        if self.http and time.monotonic() >= self._offline_until:
            try:
                self.ensure_registered()
                # Noted before it is sent: killed right after the server took it, a requeued
                # job that cannot ask the server (token expired) still goes on past this seq.
                self._note_seq(batch["seq"])
                self.http.call("POST", "/api/tracker/batches", batch)
                self.sent_http += 1
                return
            except Unreachable as error:
                self._offline_until = time.monotonic() + self.offline_retry
                self._warn_once("offline", "server unreachable (%s): spooling to %s" % (error, self.spool.dir))
            except Refused as error:
                # Kept in the spool all the same: a token fixed later lets the server take it.
                self._offline_until = time.monotonic() + self.offline_retry
                self._warn_once("refused", "the server refused a batch (%s): spooling to %s"
                                % (error, self.spool.dir if self.spool else "nowhere"))
        if self.spool is None:
            self.dropped += len(batch["points"])
            return
        self.ensure_registered(spool_only=True)
        self.spool.append(json.dumps(batch, separators=(",", ":"), allow_nan=False))
        self.sent_spool += 1

    def _note_seq(self, seq):
        if self.spool is not None:
            try:
                self.spool.write_seq(seq)
            except OSError:
                pass

    def _warn_once(self, key, message):
        if key not in self._warned:
            self._warned.add(key)
            _warn(message)
