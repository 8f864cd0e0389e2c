import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

try:
    import lightning  # noqa: F401
except ImportError:
    lightning = None

CLEAN_ENV = ("SLURMDECK_URL", "SLURMDECK_TOKEN", "RANK", "SLURM_PROCID", "SLURM_JOB_ID",
             "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID", "SLURM_RESTART_COUNT")


@unittest.skipIf(lightning is None, "needs Lightning: run with the venv of scripts/python-env.sh")
class LightningTest(unittest.TestCase):
    def test_a_cpu_training_logs_its_metrics_and_hyperparameters_to_one_run(self):
        import torch
        import lightning as L
        from torch import nn
        from slurmdeck_tracker.lightning import SlurmdeckLogger

        for name in CLEAN_ENV:
            os.environ.pop(name, None)
        spool = tempfile.mkdtemp(prefix="slurmdeck-lightning-")
        os.environ["SLURMDECK_SPOOL_DIR"] = spool

        class Model(L.LightningModule):
            def __init__(self, lr=0.05, width=4):
                super().__init__()
                self.save_hyperparameters()
                self.layer = nn.Linear(width, 1)

            def training_step(self, batch, _index):
                x, y = batch
                loss = nn.functional.mse_loss(self.layer(x), y)
                self.log("train_loss", loss)
                return loss

            def validation_step(self, batch, _index):
                x, y = batch
                self.log("val_loss", nn.functional.mse_loss(self.layer(x), y))

            def configure_optimizers(self):
                return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)

        torch.manual_seed(0)
        x = torch.randn(64, 4)
        data = torch.utils.data.TensorDataset(x, x.sum(dim=1, keepdim=True))
        loader = torch.utils.data.DataLoader(data, batch_size=8)
        logger = SlurmdeckLogger(project="lightning", tags=["cpu"], interval=0.1)
        trainer = L.Trainer(max_epochs=2, logger=logger, log_every_n_steps=2, accelerator="cpu",
                            enable_checkpointing=False, enable_progress_bar=False,
                            enable_model_summary=False, default_root_dir=spool)
        trainer.fit(Model(), loader, loader)

        uid = logger.version
        folder = os.path.join(spool, "tracker", uid)
        with open(os.path.join(folder, "run.json")) as f:
            record = json.load(f)
        with open(os.path.join(folder, "batches.ndjson")) as f:
            points = [p for line in f for p in json.loads(line)["points"]]
        with open(os.path.join(folder, "finish.json")) as f:
            finish = json.load(f)
        self.assertEqual(record["project"], "lightning")
        self.assertEqual(record["tags"], ["cpu"])
        self.assertEqual(record["config"], {"lr": 0.05, "width": 4})
        train = sorted(p["s"] for p in points if p["k"] == "train_loss")
        # 8 batches an epoch, 2 epochs, a value every 2nd step: steps 1, 3, ... 15.
        self.assertEqual(train, list(range(1, 16, 2)))
        self.assertEqual(len([p for p in points if p["k"] == "val_loss"]), 2)
        self.assertTrue(all(isinstance(p["v"], float) for p in points))
        self.assertEqual(finish["status"], "finished")


if __name__ == "__main__":
    unittest.main()
