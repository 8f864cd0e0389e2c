"""The run's folder on shared storage: run.json, batches.ndjson, seq, finish.json."""

import json
import os


def _atomic_write(path, text):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class Spool:
    def __init__(self, root, uid):
        self.dir = os.path.join(root, "tracker", uid)
        self.batches = os.path.join(self.dir, "batches.ndjson")

    def _ensure(self):
        os.makedirs(self.dir, exist_ok=True)

    def write_run(self, record):
        self._ensure()
        _atomic_write(os.path.join(self.dir, "run.json"), json.dumps(record, sort_keys=True))

    def has_run(self):
        return os.path.exists(os.path.join(self.dir, "run.json"))

    def append(self, line):
        """Appends one whole line with a single write (O_APPEND), so a reader sees it whole or not at all."""
        self._ensure()
        data = (line + "\n").encode()
        fd = os.open(self.batches, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
        finally:
            os.close(fd)

    def write_seq(self, seq):
        self._ensure()
        _atomic_write(os.path.join(self.dir, "seq"), str(seq))

    def write_finish(self, status, exit_code, at):
        self._ensure()
        _atomic_write(
            os.path.join(self.dir, "finish.json"),
            json.dumps({"status": status, "exit_code": exit_code, "t": at}),
        )

    def last_seq(self):
        """The highest seq this run's writers used, from the seq file and the last whole line."""
        best = 0
        try:
            with open(os.path.join(self.dir, "seq")) as f:
                best = int(f.read().strip() or 0)
        except (OSError, ValueError):
            pass
        try:
            with open(self.batches, "rb") as f:
                f.seek(0, os.SEEK_END)
                size = f.tell()
                f.seek(max(0, size - (1 << 20)))
                tail = f.read()
            for line in reversed(tail.split(b"\n")[:-1]):
                try:
                    best = max(best, int(json.loads(line)["seq"]))
                    break
                except (ValueError, KeyError, TypeError):
                    continue
        except OSError:
            pass
        return best
