"""Log training metrics to slurmdeck from a Slurm job, with or without network.

    import slurmdeck_tracker
    run = slurmdeck_tracker.init(project="gpt", config={"lr": 3e-4})
    run.log({"loss": 0.25}, step=100)
    run.finish()

Standard library only. The server comes from SLURMDECK_URL and SLURMDECK_TOKEN; without them,
or while the server cannot be reached, batches go to the spool on shared storage
($SLURMDECK_SPOOL_DIR, default .slurmdeck/ in the working dir) for the server to pick up.
"""

from ._init import init
from ._run import Run

__all__ = ["Run", "init"]
__version__ = "0.1.0"
