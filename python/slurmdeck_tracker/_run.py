"""A run: init() makes it, log() buffers points, finish() ends it."""

import atexit
import math
import os
import signal
import sys
import threading
import time
import uuid

from . import _env
from ._http import Http, Refused, Unreachable
from ._sender import Sender, _warn
from ._spool import Spool


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

    def flush(self, timeout=30.0):
        if not self.enabled:
            return True
        return self._sender.flush(timeout)

    def finish(self, status="finished", exit_code=None, timeout=30.0):
        """Sends what is buffered and marks the run ended (in the spool when offline)."""
        if not self.enabled or self._finished:
            return
        self._finished = True
        if self in _active:
            _active.remove(self)
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


_active = []
_crashed = []


def _on_exit():
    for run in list(_active):
        run.finish("failed" if _crashed else "finished", timeout=10.0)


def _chain_signal(signum):
    previous = signal.getsignal(signum)

    def handler(number, frame):
        for run in list(_active):
            run.flush(timeout=20.0)
        if callable(previous):
            previous(number, frame)
        elif previous == signal.SIG_DFL:
            # What would have happened without us: the default action (end the process).
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)

    signal.signal(signum, handler)


_installed = []


def _install_hooks():
    if _installed:
        return
    _installed.append(True)
    atexit.register(_on_exit)
    previous_hook = sys.excepthook

    def excepthook(kind, value, tb):
        _crashed.append(kind)
        previous_hook(kind, value, tb)

    sys.excepthook = excepthook
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGUSR1"):
            if hasattr(signal, name):
                _chain_signal(getattr(signal, name))


def _resume_seq(http, spool, uid):
    """Where a resumed writer goes on: after every seq the server or the spool has seen."""
    best = spool.last_seq() if spool else 0
    if http is not None:
        try:
            _, body = http.call("GET", "/api/tracker/runs/%s" % uid)
            best = max(best, int(body.get("nextSeq", 1)) - 1)
        except Refused:
            pass
    return best + 1


def _job_file(root, job):
    """Where a job notes its run, so the job requeued continues it (outside tracker/: no run folder)."""
    if not job.get("job_id"):
        return None
    return os.path.join(root, "tracker-jobs", "%s_%s" % (job.get("cluster") or "slurm", job["job_id"]))


def _run_of_requeued_job(job_file, job):
    if job_file is None or not job.get("restart_count"):
        return None
    try:
        with open(job_file) as f:
            return f.read().strip() or None
    except OSError:
        return None


def _note_job_run(job_file, uid):
    if job_file is None:
        return
    try:
        os.makedirs(os.path.dirname(job_file), exist_ok=True)
        tmp = "%s.tmp.%d" % (job_file, os.getpid())
        with open(tmp, "w") as f:
            f.write(uid)
        os.replace(tmp, job_file)
    except OSError:
        pass


def init(project, config=None, name=None, tags=None, notes=None, resume=None, resume_step=None,
         all_ranks=False, url=None, token=None, spool_dir=None, **options):
    """Starts a run (or resumes run `resume`) and returns it; see README.md for the environment.

    A requeued job (SLURM_RESTART_COUNT > 0) continues the run its first start made, without
    `resume`; `resume_step` then says which checkpoint training went back to.
    """
    if not all_ranks and _env.rank() != 0:
        return _Disabled(resume or uuid.uuid4().hex)
    job = _env.job()
    root = spool_dir or _env.spool_root()
    job_file = _job_file(root, job)
    resume = resume or _run_of_requeued_job(job_file, job)
    uid = resume or uuid.uuid4().hex
    _note_job_run(job_file, uid)
    env_url, env_token = _env.server()
    url = url or env_url
    token = token or env_token
    http = Http(url, token, timeout=options.pop("timeout", 10.0)) if url else None
    spool = Spool(root, uid)
    commit, dirty = _env.git()
    record = {
        "run": uid,
        "project": project,
        "name": name,
        "config": config or {},
        "tags": list(tags or []),
        "notes": notes,
        "command": _env.command(),
        "git_commit": commit,
        "git_dirty": dirty,
        "started_at": time.time(),
    }
    record.update(job)
    if resume_step is not None:
        record["resume_step"] = int(resume_step)
    registered = {"http": False, "spool": False}

    try:
        record["seq_start"] = _resume_seq(http, spool, uid) if resume else 1
    except Unreachable:
        http_down = True
        record["seq_start"] = spool.last_seq() + 1
    else:
        http_down = False
    record = {k: v for k, v in record.items() if v is not None}

    def ensure_registered(spool_only=False):
        if spool_only:
            if not registered["spool"]:
                spool.write_run(record)
                registered["spool"] = True
            return
        if not registered["http"]:
            http.call("POST", "/api/tracker/runs", record)
            registered["http"] = True

    if http is not None and not http_down:
        try:
            ensure_registered()
        except Unreachable as error:
            _warn("server unreachable (%s): spooling to %s" % (error, spool.dir))
            http_down = True
        except Refused as error:
            _warn("the server refused the run: %s" % error)
            http_down = True
    if http is None or http_down:
        try:
            ensure_registered(spool_only=True)
        except OSError as error:
            _warn("cannot write the spool %s: %s" % (spool.dir, error))

    sender = Sender(uid, http, spool, ensure_registered, record["seq_start"], **options)
    if http_down:
        sender._offline_until = time.monotonic() + sender.offline_retry
    run = Run(uid, record, sender, http, spool)
    _active.append(run)
    _install_hooks()
    return run
