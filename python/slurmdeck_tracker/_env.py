"""What the job's environment says: server, spool, Slurm job, rank, git."""

import os
import socket
import subprocess
import sys


def _int(name, default=None):
    try:
        return int(os.environ[name])
    except (KeyError, ValueError):
        return default


def server():
    """(url, token) from SLURMDECK_URL and SLURMDECK_TOKEN; url is None when unset."""
    url = os.environ.get("SLURMDECK_URL", "").strip().rstrip("/") or None
    return url, os.environ.get("SLURMDECK_TOKEN", "").strip() or None


def spool_root():
    """$SLURMDECK_SPOOL_DIR, else .slurmdeck/ under the job's working dir."""
    configured = os.environ.get("SLURMDECK_SPOOL_DIR")
    if configured:
        return configured
    return os.path.join(os.getcwd(), ".slurmdeck")


def rank():
    """The process's rank: RANK (torchrun), else SLURM_PROCID, else 0."""
    for name in ("RANK", "SLURM_PROCID"):
        value = _int(name)
        if value is not None:
            return value
    return 0


def job():
    """The Slurm job this process runs in: job id (array tasks as JOB_TASK), task, restarts."""
    array_job = os.environ.get("SLURM_ARRAY_JOB_ID")
    task = _int("SLURM_ARRAY_TASK_ID")
    job_id = os.environ.get("SLURM_JOB_ID")
    if array_job and task is not None:
        job_id = "%s_%d" % (array_job, task)
    return {
        "job_id": job_id,
        "array_task": task,
        "restart_count": _int("SLURM_RESTART_COUNT", 0),
        "cluster": os.environ.get("SLURMDECK_CLUSTER") or os.environ.get("SLURM_CLUSTER_NAME"),
        "host": socket.gethostname(),
    }


def git(cwd=None):
    """(commit, dirty) of the working dir's repository, or (None, None) outside one."""
    def run(*argv):
        return subprocess.run(
            ["git"] + list(argv), cwd=cwd, capture_output=True, text=True, timeout=5
        )
    try:
        head = run("rev-parse", "HEAD")
        if head.returncode != 0:
            return None, None
        status = run("status", "--porcelain", "--untracked-files=no")
        return head.stdout.strip(), bool(status.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return None, None


def command():
    return [sys.executable] + list(sys.argv)
