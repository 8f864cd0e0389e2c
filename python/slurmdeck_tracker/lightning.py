"""A PyTorch Lightning logger that logs through slurmdeck_tracker.

    from slurmdeck_tracker.lightning import SlurmdeckLogger
    trainer = L.Trainer(logger=SlurmdeckLogger(project="gpt"))

Importing this module needs Lightning (`lightning` or `pytorch_lightning`); the rest of the
client does not. The run starts at the first hyperparameters or metrics Lightning hands over,
so `save_hyperparameters()` lands in the run's config.
"""

from argparse import Namespace

try:
    from lightning.pytorch.loggers.logger import Logger, rank_zero_experiment
    from lightning.pytorch.utilities import rank_zero_only
except ImportError:  # the older package name
    from pytorch_lightning.loggers.logger import Logger, rank_zero_experiment
    from pytorch_lightning.utilities import rank_zero_only

from ._init import init

__all__ = ["SlurmdeckLogger"]


def _plain(value, depth=0):
    """A hyperparameter as JSON can hold it: containers kept, anything else as its text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if depth < 20 and isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if depth < 20 and isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    return str(value)


class _RunOnUse:
    """The run before it exists: Lightning looks at `experiment` at setup, before handing over
    the hyperparameters; the run starts (with them) at the first real use."""

    def __init__(self, start):
        self._start = start

    def __getattr__(self, name):
        return getattr(self._start(), name)


class SlurmdeckLogger(Logger):
    """Logs Lightning's metrics (at the trainer's global step) and hyperparameters to one run.

    Every keyword of `slurmdeck_tracker.init()` is taken (`tags`, `resume`, `resume_step`...).
    """

    def __init__(self, project, name=None, **init_options):
        super().__init__()
        self._project = project
        self._run_name = name
        self._init_options = init_options
        self._config = dict(init_options.pop("config", None) or {})
        self._run = None

    @property
    def name(self):
        return self._project

    @property
    def version(self):
        return self._run.uid if self._run is not None else None

    @property
    @rank_zero_experiment
    def experiment(self):
        """The slurmdeck_tracker run (started on first use)."""
        return self._run if self._run is not None else _RunOnUse(self._start)

    def _start(self):
        if self._run is None:
            self._run = init(project=self._project, name=self._run_name, config=self._config,
                             **self._init_options)
        return self._run

    @rank_zero_only
    def log_hyperparams(self, params, *args, **kwargs):
        params = vars(params) if isinstance(params, Namespace) else dict(params or {})
        self._config.update(_plain(params))

    @rank_zero_only
    def log_metrics(self, metrics, step=None):
        values = {}
        for key, value in metrics.items():
            try:
                values[key] = float(value.item() if hasattr(value, "item") else value)
            except (TypeError, ValueError):
                continue
        if values:
            self._start().log(values, step=step)

    @rank_zero_only
    def finalize(self, status):
        if self._run is not None:
            self._run.finish("finished" if status == "success" else "failed")
