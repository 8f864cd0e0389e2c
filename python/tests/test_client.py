import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import slurmdeck_tracker  # noqa: E402
from slurmdeck_tracker import _hooks  # noqa: E402
from receiver import Receiver  # noqa: E402

CLEAN_ENV = ("SLURMDECK_URL", "SLURMDECK_TOKEN", "SLURMDECK_SPOOL_DIR", "RANK", "SLURM_PROCID",
             "SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID", "SLURM_RESTART_COUNT")


def spooled(spool, uid):
    folder = os.path.join(spool, "tracker", uid)
    with open(os.path.join(folder, "batches.ndjson")) as f:
        batches = [json.loads(line) for line in f]
    with open(os.path.join(folder, "run.json")) as f:
        record = json.load(f)
    return record, batches


class ClientTest(unittest.TestCase):
    def setUp(self):
        for name in CLEAN_ENV:
            os.environ.pop(name, None)
        self.spool = tempfile.mkdtemp(prefix="slurmdeck-spool-")
        os.environ["SLURMDECK_SPOOL_DIR"] = self.spool
        self.receiver = Receiver()
        self.addCleanup(self.receiver.close)
        self.addCleanup(_hooks.active.clear)

    def online(self):
        os.environ["SLURMDECK_URL"] = self.receiver.url
        os.environ["SLURMDECK_TOKEN"] = self.receiver.token

    def test_sends_every_point_once_in_batches_with_seq_1_2_3(self):
        self.online()
        os.environ.update(SLURM_JOB_ID="4242", SLURM_RESTART_COUNT="0")
        run = slurmdeck_tracker.init(project="gpt", config={"lr": 0.1}, tags=["a"],
                                     batch_points=500, interval=0.05)
        for step in range(2000):
            run.log({"loss": 1.0 / (step + 1), "acc": step % 7}, step=step)
        run.finish()
        record = self.receiver.runs[run.uid][0]
        self.assertEqual(record["job_id"], "4242")
        self.assertEqual(record["seq_start"], 1)
        self.assertEqual(record["config"], {"lr": 0.1})
        seqs = sorted(s for (_, s) in self.receiver.batches)
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)))
        points = self.receiver.points(run.uid)
        self.assertEqual(len(points), 4000)
        self.assertEqual(sorted(p["s"] for p in points if p["k"] == "loss"), list(range(2000)))
        self.assertEqual(self.receiver.finished[run.uid], {"status": "finished"})
        self.assertEqual(run.dropped, 0)

    def test_spools_everything_without_a_url(self):
        run = slurmdeck_tracker.init(project="p", interval=0.05)
        run.log({"loss": float("nan"), "nested": {"a": 1, "b": float("inf")}, "text": "x"})
        run.log({"loss": 2})
        run.finish()
        record, batches = spooled(self.spool, run.uid)
        self.assertEqual(record["project"], "p")
        points = [p for b in batches for p in b["points"]]
        self.assertEqual([(p["k"], p["s"], p["v"]) for p in points],
                         [("loss", 0, "NaN"), ("nested/a", 0, 1.0), ("nested/b", 0, "Infinity"),
                          ("loss", 1, 2.0)])
        self.assertEqual([b["seq"] for b in batches], list(range(1, len(batches) + 1)))
        with open(os.path.join(self.spool, "tracker", run.uid, "finish.json")) as f:
            self.assertEqual(json.load(f)["status"], "finished")

    def test_declares_files_with_their_size_and_mtime_online_and_in_the_spool(self):
        folder = tempfile.mkdtemp(prefix="slurmdeck-ckpt-")
        ckpt = os.path.join(folder, "epoch1.pt")
        with open(ckpt, "wb") as f:
            f.write(b"x" * 4096)
        self.online()
        run = slurmdeck_tracker.init(project="p", interval=0.05)
        self.addCleanup(os.chdir, os.getcwd())
        os.chdir(folder)
        run.log_checkpoint("epoch1.pt")  # relative: declared by its absolute path
        run.log_artifact(os.path.join(folder, "not-yet-written.onnx"))
        run.log_file(ckpt, kind="weights")  # not a kind: ignored, never raises
        run.finish()
        files = self.receiver.files(run.uid)
        self.assertEqual([(f["path"], f["kind"], f.get("size")) for f in files],
                         [(ckpt, "checkpoint", 4096),
                          (os.path.join(folder, "not-yet-written.onnx"), "artifact", None)])
        self.assertAlmostEqual(files[0]["mtime"], os.stat(ckpt).st_mtime, places=3)
        # Offline, the files ride in the spool's batches.
        os.environ.pop("SLURMDECK_URL")
        offline = slurmdeck_tracker.init(project="p", interval=0.05)
        offline.log_checkpoint(ckpt)
        offline.finish()
        _, batches = spooled(self.spool, offline.uid)
        self.assertEqual([f["path"] for b in batches for f in b.get("files", [])], [ckpt])

    def test_spools_when_the_server_cannot_be_reached(self):
        os.environ["SLURMDECK_URL"] = "http://127.0.0.1:9"  # nothing listens on discard
        run = slurmdeck_tracker.init(project="p", interval=0.05, timeout=2)
        for step in range(100):
            run.log({"x": step})
        run.finish()
        _, batches = spooled(self.spool, run.uid)
        self.assertEqual(sum(len(b["points"]) for b in batches), 100)

    def test_a_batch_the_server_failed_goes_to_the_spool_with_its_seq(self):
        self.online()
        self.receiver.fail_batches = 1
        run = slurmdeck_tracker.init(project="p", interval=0.05, batch_points=10, offline_retry=0)
        for step in range(30):
            run.log({"x": step}, step=step)
        run.finish()
        _, spooled_batches = spooled(self.spool, run.uid)
        over_http = {s for (_, s) in self.receiver.batches}
        in_spool = {b["seq"] for b in spooled_batches}
        self.assertFalse(over_http & in_spool)
        self.assertEqual(over_http | in_spool, {1, 2, 3})

    def test_keeps_batches_in_the_spool_when_the_server_refuses_the_token(self):
        self.online()
        os.environ["SLURMDECK_TOKEN"] = "wrong"
        run = slurmdeck_tracker.init(project="p", interval=0.05)
        for step in range(10):
            run.log({"x": step})
        run.finish()
        _, batches = spooled(self.spool, run.uid)
        self.assertEqual(sum(len(b["points"]) for b in batches), 10)
        self.assertEqual(run.dropped, 0)

    def test_never_blocks_and_counts_what_it_drops(self):
        run = slurmdeck_tracker.init(project="p", max_points=10, interval=60)
        for step in range(100):
            run.log({"x": step})
        self.assertEqual(run.dropped, 90)
        run.finish()

    def test_logs_nothing_on_ranks_other_than_0(self):
        self.online()
        os.environ["SLURM_PROCID"] = "1"
        run = slurmdeck_tracker.init(project="p")
        run.log({"x": 1})
        run.finish()
        self.assertEqual(self.receiver.requests, [])
        self.assertFalse(os.path.exists(os.path.join(self.spool, "tracker")))

    def test_a_resume_goes_on_after_the_last_seq_and_carries_resume_step(self):
        first = slurmdeck_tracker.init(project="p", interval=0.05, batch_points=5)
        for step in range(20):
            first.log({"x": step}, step=step)
        first.finish()
        os.environ["SLURM_RESTART_COUNT"] = "1"
        again = slurmdeck_tracker.init(project="p", resume=first.uid, resume_step=9, interval=0.05)
        again.log({"x": 10}, step=10)
        again.finish()
        record, batches = spooled(self.spool, first.uid)
        self.assertEqual(record["resume_step"], 9)
        self.assertEqual(record["restart_count"], 1)
        self.assertEqual(record["seq_start"], 5)
        self.assertEqual([b["seq"] for b in batches], [1, 2, 3, 4, 5])

    def test_a_requeued_job_continues_the_run_of_its_first_start(self):
        os.environ.update(SLURM_JOB_ID="99", SLURM_RESTART_COUNT="0")
        first = slurmdeck_tracker.init(project="p", interval=0.05)
        first.log({"x": 1}, step=0)
        first.finish()
        os.environ["SLURM_RESTART_COUNT"] = "1"
        again = slurmdeck_tracker.init(project="p", resume_step=0, interval=0.05)
        again.finish()
        self.assertEqual(again.uid, first.uid)
        self.assertEqual(again.record["seq_start"], 2)
        os.environ["SLURM_JOB_ID"] = "100"
        other = slurmdeck_tracker.init(project="p")
        self.assertNotEqual(other.uid, first.uid)
        other.finish()

    def test_a_resume_the_server_refuses_from_a_fresh_folder_goes_on_after_any_earlier_seq(self):
        # A job continuing another job's run, from another folder, with a token the server
        # refuses: nothing knows the run's seqs, so its batches must not reuse small ones.
        self.online()
        os.environ["SLURMDECK_TOKEN"] = "not-the-token"
        before = int(time.time() * 1000)
        run = slurmdeck_tracker.init(project="p", resume="0123abcd", interval=0.05)
        run.log({"loss": 1.0})
        run.finish()
        self.assertGreaterEqual(run.record["seq_start"], before)
        _, batches = spooled(self.spool, run.uid)
        self.assertTrue(all(b["seq"] >= before for b in batches))

    def test_a_resume_asks_the_server_for_the_next_seq(self):
        self.online()
        first = slurmdeck_tracker.init(project="p", interval=0.05, batch_points=5)
        for step in range(10):
            first.log({"x": step}, step=step)
        first.finish()
        again = slurmdeck_tracker.init(project="p", resume=first.uid, interval=0.05)
        self.assertEqual(again.record["seq_start"], 3)
        again.finish()

    def test_notes_each_seq_in_the_spool_before_the_server_has_the_batch(self):
        # Killed right after the server took a batch, a requeued job that cannot ask the server
        # (its token expired) must still go on after that seq: a seq used twice is a lost batch.
        self.online()
        seen = []

        def note(batch):
            try:
                with open(os.path.join(self.spool, "tracker", batch["run"], "seq")) as f:
                    seen.append((batch["seq"], int(f.read())))
            except OSError:
                seen.append((batch["seq"], 0))

        self.receiver.on_batch = note
        run = slurmdeck_tracker.init(project="p", interval=0.05, batch_points=10)
        for step in range(30):
            run.log({"x": step}, step=step)
        run.finish()
        self.assertEqual(seen, [(1, 1), (2, 2), (3, 3)])

    def test_a_requeued_job_whose_token_expired_goes_on_in_the_spool_losing_nothing(self):
        self.online()
        os.environ.update(SLURM_JOB_ID="4242", SLURM_RESTART_COUNT="0")
        first = slurmdeck_tracker.init(project="p", interval=0.05, batch_points=10)
        for step in range(30):
            first.log({"x": step}, step=step)
        first._sender.close()  # flushed on SIGTERM, then the job was requeued: no finish
        _hooks.active.clear()
        self.receiver.token = "another"  # the job's token expired while it waited in the queue
        os.environ["SLURM_RESTART_COUNT"] = "1"
        again = slurmdeck_tracker.init(project="p", resume_step=19, interval=0.05, batch_points=10)
        for step in range(20, 40):
            again.log({"x": step}, step=step)
        again.finish()
        self.assertEqual(again.uid, first.uid)
        self.assertEqual(sorted(s for (_, s) in self.receiver.batches), [1, 2, 3])
        self.assertEqual([p["s"] for p in self.receiver.points(first.uid)], list(range(30)))
        record, batches = spooled(self.spool, first.uid)
        self.assertEqual(
            (record["seq_start"], record["restart_count"], record["resume_step"]), (4, 1, 19))
        self.assertEqual([b["seq"] for b in batches], [4, 5])
        self.assertEqual([p["s"] for b in batches for p in b["points"]], list(range(20, 40)))
        with open(os.path.join(self.spool, "tracker", first.uid, "finish.json")) as f:
            self.assertEqual(json.load(f)["status"], "finished")
        self.assertEqual(again.dropped, 0)

    def test_a_token_that_expires_mid_run_sends_the_rest_to_the_spool(self):
        self.online()
        receiver = self.receiver

        def expire_after_two(batch):
            if batch["seq"] == 2:
                receiver.token = "expired"  # the next request is refused (401)

        receiver.on_batch = expire_after_two
        run = slurmdeck_tracker.init(project="p", interval=0.05, batch_points=10, offline_retry=0)
        for step in range(50):
            run.log({"x": step}, step=step)
            if step % 10 == 9:
                run.flush()
        run.finish()
        _, spooled_batches = spooled(self.spool, run.uid)
        over_http = sorted(s for (_, s) in receiver.batches)
        in_spool = [b["seq"] for b in spooled_batches]
        self.assertEqual(over_http, [1, 2])
        self.assertEqual(in_spool, [3, 4, 5])
        steps = [p["s"] for p in receiver.points(run.uid)]
        steps += [p["s"] for b in spooled_batches for p in b["points"]]
        self.assertEqual(steps, list(range(50)))
        self.assertEqual(run.dropped, 0)

    def test_flushes_on_sigterm_and_calls_the_handler_that_was_there(self):
        self.online()
        script = textwrap.dedent("""
            import os, signal, sys, time
            sys.path.insert(0, %r)
            def mine(n, f):
                print("previous handler ran", flush=True)
                sys.exit(0)
            signal.signal(signal.SIGTERM, mine)
            import slurmdeck_tracker
            run = slurmdeck_tracker.init(project="p", interval=3600)
            for step in range(50):
                run.log({"x": step}, step=step)
            print(run.uid, flush=True)
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(30)
        """ % os.path.dirname(HERE))
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             timeout=60, env=os.environ.copy())
        uid = out.stdout.split()[0]
        self.assertIn("previous handler ran", out.stdout)
        self.assertEqual(len(self.receiver.points(uid)), 50)


if __name__ == "__main__":
    unittest.main()
