"""init(): a run from the environment (server, spool, job, rank, git), new or resumed."""

import os
import time
import uuid

from . import _env
from ._hooks import active, install_hooks
from ._http import Http, Refused, Unreachable
from ._run import Run, _Disabled
from ._sender import Sender, _warn
from ._spool import Spool


def _resume_seq(http, spool, uid):
    """Where a resumed writer goes on: after every seq the server or the spool has seen."""
    best = spool.last_seq() if spool else 0
    if http is not None:
        try:
            _, body = http.call("GET", "/api/tracker/runs/%s" % uid)
            best = max(best, int(body.get("nextSeq", 1)) - 1)
        except Refused:
            if best == 0:
                # Neither the server nor this spool knows the run's seqs (a job continuing the
                # run of another, from another folder): go on after any seq an earlier writer
                # can have used, the time in ms, so no batch of this one counts as seen.
                best = int(time.time() * 1000)
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
    active.append(run)
    install_hooks()
    return run
