"""A run: init() makes it, log() buffers points, finish() ends it."""

import math
import os
import threading
import time

from ._hooks import active
from ._http import Refused, Unreachable
from ._sender import _warn


def _number(value):
    """A float for anything number-like (int, bool, numpy scalar, 0-d tensor), else None."""
    if hasattr(value, "item") and callable(value.item):
        try:
            value = value.item()
        except (ValueError, RuntimeError, TypeError):
            return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _wire_value(v):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def _flatten(data, prefix=""):
    for key, value in data.items():
        name = "%s%s" % (prefix, key)
        if isinstance(value, dict):
            yield from _flatten(value, name + "/")
        else:
            yield name, value


class Run:
    """One run of one process. On ranks other than 0 (by default) every method does nothing."""

    def __init__(self, uid, record, sender, http, spool, enabled=True):
        self.uid = uid
        self.id = uid
        self.record = record
        self.enabled = enabled
        self._sender = sender
        self._http = http
        self._spool = spool
        self._step = -1
        self._skipped = 0
        self._finished = False
        self._lock = threading.Lock()

    @property
    def dropped(self):
        """Points that never left this process (full buffer, refused batch, nowhere to write)."""
        return self._sender.dropped if self._sender else 0

    @property
    def step(self):
        return self._step

    def log(self, data, step=None):
        """Buffers one value per key at `step` (default: one after the last); never blocks."""
        if not self.enabled or self._finished:
            return
        now = time.time()
        with self._lock:
            if step is None:
                step = self._step + 1
            step = int(step)
            if step > self._step:
                self._step = step
        points = []
        for key, value in _flatten(data):
            number = _number(value)
            if number is None:
                self._skipped += 1
                continue
            points.append({"k": key, "s": step, "v": _wire_value(number), "t": now})
        if points:
            self._sender.add(points)

    def log_file(self, path, kind="artifact"):
        """Declares a file on shared storage (a checkpoint, an artifact, a log) with its size and
        mtime now; the run page lists it and can look at it again later. Never raises."""
        if not self.enabled or self._finished or kind not in ("checkpoint", "artifact", "log"):
            return
        path = os.path.abspath(os.fspath(path))
        record = {"path": path, "kind": kind, "t": time.time()}
        try:
            info = os.stat(path)
            record["size"] = info.st_size
            record["mtime"] = info.st_mtime
        except OSError:
            pass  # declared before it is written, or on storage this node cannot see
        self._sender.add_file(record)

    def log_checkpoint(self, path):
        self.log_file(path, "checkpoint")

    def log_artifact(self, path):
        self.log_file(path, "artifact")

    def flush(self, timeout=30.0):
        if not self.enabled:
            return True
        return self._sender.flush(timeout)

    def finish(self, status="finished", exit_code=None, timeout=30.0):
        """Sends what is buffered and marks the run ended (in the spool when offline)."""
        if not self.enabled or self._finished:
            return
        self._finished = True
        if self in active:
            active.remove(self)
        self._sender.close(timeout)
        body = {"status": status}
        if exit_code is not None:
            body["exitCode"] = int(exit_code)
        if self._http is not None:
            try:
                self._http.call("POST", "/api/tracker/runs/%s/finish" % self.uid, body)
                return
            except (Unreachable, Refused):
                pass
        if self._spool is not None:
            try:
                self._spool.write_finish(status, exit_code, time.time())
            except OSError as error:
                _warn("could not record the finish: %s" % error)

    def __enter__(self):
        return self

    def __exit__(self, kind, _value, _tb):
        self.finish("finished" if kind is None else "failed")
        return False


class _Disabled(Run):
    def __init__(self, uid):
        super().__init__(uid, {}, None, None, None, enabled=False)
