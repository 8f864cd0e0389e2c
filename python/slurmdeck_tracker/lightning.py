"""SlurmdeckLogger: PyTorch Lightning's logger interface over a slurmdeck run.

    from slurmdeck_tracker.lightning import SlurmdeckLogger
    trainer = Trainer(logger=SlurmdeckLogger(project="gpt"))

The run starts at the first hyperparameters or metrics, so the hyperparameters Lightning logs at
the start of fit() become the run's config. Works with `lightning` and `pytorch_lightning`.
"""

import uuid
from argparse import Namespace

try:
    from lightning.pytorch.loggers.logger import Logger, rank_zero_experiment
    from lightning.pytorch.utilities import rank_zero_only
except ImportError:  # the older package name
    from pytorch_lightning.loggers.logger import Logger, rank_zero_experiment
    from pytorch_lightning.utilities import rank_zero_only

from . import _env
from ._init import _job_file, _run_of_requeued_job, init


def _plain(value):
    """Hyperparameters as JSON can carry them: containers kept, anything else as its text."""
    if isinstance(value, Namespace):
        value = vars(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


class _Started:
    """Stands for the run until something of it is used: then the run starts."""

    def __init__(self, logger):
        self._logger = logger

    def __getattr__(self, name):
        return getattr(self._logger._start(), name)


class SlurmdeckLogger(Logger):
    """Sends Lightning's metrics to a slurmdeck run; `options` go to slurmdeck_tracker.init()."""

    def __init__(self, project, name=None, config=None, **options):
        super().__init__()
        self._project = project
        self._name = name
        self._config = _plain(config or {})
        self._options = options
        resume = options.pop("resume", None)
        spool_root = options.get("spool_dir") or _env.spool_root()
        # Known before the run starts (Lightning names the checkpoint folder after it); a
        # requeued job goes on with the run of its first start.
        self._uid = (
            resume or _run_of_requeued_job(_job_file(spool_root, _env.job()), _env.job())
            or uuid.uuid4().hex
        )
        self._run = None

    @property
    def name(self):
        return self._project

    @property
    def version(self):
        return self._uid

    @property
    @rank_zero_experiment
    def experiment(self):
        """The slurmdeck run, started when first used (Lightning only looks at it during setup)."""
        return _Started(self)

    def _start(self):
        if self._run is None:
            self._run = init(
                project=self._project,
                name=self._name,
                config=self._config,
                resume=self._uid,
                **self._options,
            )
        return self._run

    @rank_zero_only
    def log_hyperparams(self, params, *args, **kwargs):
        if self._run is None:
            self._config.update(_plain(params))

    @rank_zero_only
    def log_metrics(self, metrics, step=None):
        self._start().log(dict(metrics), step=step)

    @rank_zero_only
    def after_save_checkpoint(self, checkpoint_callback):
        """Declares the checkpoints Lightning keeps (top-k and last) as the run's files."""
        if self._run is None:
            return
        paths = set(getattr(checkpoint_callback, "best_k_models", None) or {})
        for name in ("last_model_path", "best_model_path"):
            path = getattr(checkpoint_callback, name, None)
            if path:
                paths.add(path)
        for path in sorted(paths):
            self._run.log_checkpoint(path)

    @rank_zero_only
    def finalize(self, status):
        if self._run is None:
            return
        # "success" ends fit() or test(); more may follow: flush now, finish at exit.
        if status == "success":
            self._run.flush()
        else:
            self._run.finish("failed")
