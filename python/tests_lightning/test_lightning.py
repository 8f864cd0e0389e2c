"""SlurmdeckLogger in a real (CPU, a few steps) Lightning training; run with a Python that has
lightning and torch (scripts/python-env.sh makes one), from src/tracker/python-lightning.test.ts."""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))

from receiver import Receiver  # noqa: E402

TRAIN = textwrap.dedent("""
    import sys, torch, lightning as L
    from torch.utils.data import DataLoader, TensorDataset
    from slurmdeck_tracker.lightning import SlurmdeckLogger

    class Tiny(L.LightningModule):
        def __init__(self, lr=0.05, hidden=4):
            super().__init__()
            self.save_hyperparameters()
            self.net = torch.nn.Linear(2, 1)

        def training_step(self, batch, index):
            x, y = batch
            loss = torch.nn.functional.mse_loss(self.net(x), y)
            self.log("train_loss", loss)
            return loss

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)

    torch.manual_seed(0)
    x = torch.randn(64, 2)
    logger = SlurmdeckLogger(project="pl", name="tiny", tags=["lightning"], interval=0.05)
    trainer = L.Trainer(max_epochs=3, logger=logger, log_every_n_steps=1, accelerator="cpu",
                        enable_progress_bar=False, enable_model_summary=False,
                        default_root_dir=sys.argv[1])
    trainer.fit(Tiny(), DataLoader(TensorDataset(x, x.sum(1, keepdim=True)), batch_size=8))
    print(logger.version)
""")


class LightningLoggerTest(unittest.TestCase):
    def test_a_real_training_logs_its_hyperparameters_and_every_step_then_finishes(self):
        receiver = Receiver()
        self.addCleanup(receiver.close)
        work = tempfile.mkdtemp(prefix="slurmdeck-pl-")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLURM", "RANK"))}
        env.update(SLURMDECK_URL=receiver.url, SLURMDECK_TOKEN=receiver.token,
                   SLURMDECK_SPOOL_DIR=os.path.join(work, "spool"), PYTHONPATH=ROOT)
        done = subprocess.run([sys.executable, "-c", TRAIN, work], env=env, cwd=work,
                              capture_output=True, text=True, timeout=300)
        self.assertEqual(done.returncode, 0, done.stderr)
        uid = done.stdout.strip().splitlines()[-1]
        self.assertEqual(list(receiver.runs), [uid])
        record = receiver.runs[uid][0]
        self.assertEqual(record["project"], "pl")
        self.assertEqual(record["name"], "tiny")
        self.assertEqual(record["config"], {"lr": 0.05, "hidden": 4})
        points = receiver.points(uid)
        steps = sorted(p["s"] for p in points if p["k"] == "train_loss")
        self.assertEqual(steps, list(range(24)))
        self.assertEqual({p["v"] for p in points if p["k"] == "epoch"}, {0.0, 1.0, 2.0})
        self.assertEqual(receiver.finished[uid], {"status": "finished"})
        # Lightning named its folder after the run.
        self.assertTrue(os.path.isdir(os.path.join(work, "pl", uid)))
        # The checkpoint Lightning saved is the run's, with its size.
        ckpts = [f for f in receiver.files(uid) if f["kind"] == "checkpoint"]
        self.assertTrue(ckpts)
        last = ckpts[-1]
        self.assertTrue(last["path"].startswith(os.path.join(work, "pl", uid, "checkpoints")))
        self.assertEqual(last["size"], os.path.getsize(last["path"]))


if __name__ == "__main__":
    unittest.main()
