"""The background thread: takes points from a bounded buffer, sends batches, spools on failure."""

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
        self._buffer = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stop = False
        self._offline_until = 0.0 if http else float("inf")
        self._warned = set()
        self._thread = threading.Thread(target=self._loop, name="slurmdeck-tracker", daemon=True)
        self._thread.start()

    def add(self, points):
        with self._lock:
            room = self.max_points - len(self._buffer)
            if room < len(points):
                self.dropped += len(points) - max(room, 0)
                points = points[: max(room, 0)]
            self._buffer.extend(points)
            self._idle.clear()
            full = len(self._buffer) >= self.batch_points
        if full:
            self._wake.set()

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
        with self._lock:
            taken = self._buffer[: self.batch_points]
            del self._buffer[: self.batch_points]
            if not taken:
                self._idle.set()
            return taken

    def _loop(self):
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            while True:
                points = self._take()
                if not points:
                    break
                self.seq += 1
                try:
                    self._send({"run": self.uid, "seq": self.seq, "points": points})
                except Exception as error:  # never let the thread die: training goes on
                    self.dropped += len(points)
                    self._warn_once("lost", "lost a batch: %r" % (error,))
            if self._stop:
                return

    def _send(self, batch):
        if self.http and time.monotonic() >= self._offline_until:
            try:
                self.ensure_registered()
                self.http.call("POST", "/api/tracker/batches", batch)
                self.sent_http += 1
                self._note_seq(batch["seq"])
                return
            except Unreachable as error:
                self._offline_until = time.monotonic() + self.offline_retry
                self._warn_once("offline", "server unreachable (%s): spooling to %s" % (error, self.spool.dir))
            except Refused as error:
                self.dropped += len(batch["points"])
                self._warn_once("refused", "the server refused a batch: %s" % error)
                return
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
