#!/usr/bin/env bash
# The Python that tests and jobs on the dev cluster use: real TensorBoard writers (torch's
# SummaryWriter, tensorboardX, Lightning's TensorBoardLogger) and TensorBoard itself for the
# bench. Idempotent: a venv that already imports everything is left as it is.
set -euo pipefail
venv="${SLURMDECK_PY:-/opt/slurmdeck-py}"
packages=(tensorboard tensorboardX torch lightning)
# Finding the modules without importing them keeps the ready case fast (torch takes seconds).
check='import importlib.util as u, sys; sys.exit(any(u.find_spec(m) is None for m in ("tensorboard", "tensorboardX", "torch", "lightning")))'

if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" 2>/dev/null; then
  echo "python env: $venv ready"
  exit 0
fi
# The system Python, not one under a private home: the test user's jobs must reach it.
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3)
rm -rf "$venv"
if ! "$python" -m venv "$venv" 2>/dev/null; then
  apt-get install -y -qq python3-venv >/dev/null
  "$python" -m venv "$venv"
fi
# Only the local index answers here: no retries against one that cannot.
"$venv/bin/pip" install --quiet --disable-pip-version-check --retries 0 "${packages[@]}"
"$venv/bin/python" -c 'import tensorboard, tensorboardX, torch, lightning'
# Jobs of the dev cluster's test user run this interpreter too.
chmod -R a+rX "$venv"
echo "python env: $venv installed"
