import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ScalarPoint } from '../../src/tracker/tensorboard/event-scalars.js';
import { EventFileTailer } from '../../src/tracker/tensorboard/event-file-tailer.js';
import { findEventFiles } from '../../src/tracker/tensorboard/find-event-files.js';
import {
  createLocalTransport,
  createSshTransport,
  type Transport,
} from '../../src/transport/index.js';
import { runProcess } from '../../src/transport/run-process.js';
import { loginTarget } from './dev-cluster-info.js';

// The venv made by scripts/python-env.sh (which .ci/run calls): the real writers, and
// TensorBoard's own reader as the independent check of every point we import.
const python = join(process.env['SLURMDECK_PY'] ?? '/opt/slurmdeck-py', 'bin', 'python');
const scratch = mkdtempSync(join(inject('devRoot'), 'test', 'tensorboard-'));
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const WRITERS = `
import sys, time
import numpy as np
kind, out = sys.argv[1], sys.argv[2]
if kind == 'torch':
    from torch.utils.tensorboard import SummaryWriter
    w = SummaryWriter(out)
    for s in range(500):
        w.add_scalar('train/loss', 1.0 / (s + 1), s)
        w.add_scalar('train/acc', s / 500, s)
        if s % 100 == 0:
            w.add_histogram('weights', np.random.randn(100), s)
            w.add_scalar('new_style', s * 0.5, s, new_style=True)
    w.close()
elif kind == 'tensorboardX':
    from tensorboardX import SummaryWriter
    w = SummaryWriter(out)
    for s in range(300):
        w.add_scalar('loss', 2.0 - s / 300, s)
        w.add_scalars('pair', {'a': float(s), 'b': float(-s)}, s)
    w.add_text('note', 'done', 0)
    w.close()
elif kind == 'lightning':
    import torch, lightning as L
    from torch import nn
    class Model(L.LightningModule):
        def __init__(self):
            super().__init__()
            self.layer = nn.Linear(4, 1)
        def training_step(self, batch, index):
            x, y = batch
            loss = nn.functional.mse_loss(self.layer(x), y)
            self.log('train_loss', loss)
            return loss
        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.01)
    data = torch.utils.data.TensorDataset(torch.randn(64, 4), torch.randn(64, 1))
    trainer = L.Trainer(default_root_dir=out, max_steps=30, log_every_n_steps=1, accelerator='cpu',
                        enable_progress_bar=False, enable_model_summary=False, enable_checkpointing=False)
    trainer.fit(Model(), torch.utils.data.DataLoader(data, batch_size=4))
elif kind == 'slow':
    # Flushes every few steps while the reader polls: the file is read while it grows.
    from torch.utils.tensorboard import SummaryWriter
    w = SummaryWriter(out, flush_secs=3600)
    for s in range(3000):
        w.add_scalar('loss', s * 0.25, s)
        if s % 25 == 0:
            w.flush()
            time.sleep(0.01)
    w.close()
`;

// TensorBoard's EventAccumulator keeping every scalar (size guidance 0), simple values and
// scalar-plugin tensors alike, as [file, tag, step, value, wall_time].
const REFERENCE = `
import glob, json, os, sys
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.util import tensor_util
root, rows = sys.argv[1], []
for path in sorted(glob.glob(os.path.join(root, '**', 'events.out.tfevents.*'), recursive=True)):
    acc = ea.EventAccumulator(path, size_guidance={ea.SCALARS: 0, ea.TENSORS: 0}, purge_orphaned_data=False)
    acc.Reload()
    for tag in acc.Tags()['scalars']:
        rows += [[path, tag, e.step, e.value, e.wall_time] for e in acc.Scalars(tag)]
    for tag in acc.Tags()['tensors']:
        if acc.SummaryMetadata(tag).plugin_data.plugin_name != 'scalars':
            continue
        rows += [[path, tag, e.step, float(tensor_util.make_ndarray(e.tensor_proto)), e.wall_time] for e in acc.Tensors(tag)]
print(json.dumps(rows))
`;

async function py(script: string, ...args: string[]): Promise<string> {
  if (!existsSync(python)) throw new Error(`${python} is missing: run scripts/python-env.sh`);
  const file = join(scratch, `${script === REFERENCE ? 'reference' : 'writers'}.py`);
  writeFileSync(file, script);
  const result = await runProcess([python, file, ...args], { timeoutMs: 240_000 });
  if (result.exitCode !== 0) throw new Error(`python failed: ${result.stderr.slice(-2000)}`);
  return result.stdout;
}

type Row = [string, string, number, number, number];
const sortRows = (rows: Row[]) =>
  rows.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]) || a[2] - b[2]);

/** Polls the folder until nothing more comes; every point with its file. */
async function importAll(tailer: EventFileTailer, rows: Row[], polls = 20): Promise<number> {
  let withPoints = 0;
  for (let i = 0; i < polls; i++) {
    const result = await tailer.poll();
    for (const file of result.files) {
      expect(file.event).toBeUndefined();
      rows.push(...file.points.map((p: ScalarPoint): Row => [file.path, p.k, p.s, p.v, p.t]));
      if (file.points.length) withPoints++;
      tailer.commit(file.next);
    }
    if (!result.more && i > 0) break;
  }
  return withPoints;
}

async function expectSameAsTensorBoard(
  dir: string,
  transport: Transport = createLocalTransport(),
): Promise<Row[]> {
  const tailer = new EventFileTailer({ transport });
  tailer.watchDir(dir);
  const ours: Row[] = [];
  await importAll(tailer, ours);
  const reference = JSON.parse(await py(REFERENCE, dir)) as Row[];
  expect(reference.length).toBeGreaterThan(0);
  expect(sortRows(ours)).toEqual(sortRows(reference));
  return ours;
}

describe('TensorBoard event files from the real writers, checked against TensorBoard itself', () => {
  it("imports torch.utils.tensorboard's SummaryWriter (simple values, a new-style tensor), not histograms", async () => {
    const dir = join(scratch, 'torch');
    await py(WRITERS, 'torch', dir);
    const rows = await expectSameAsTensorBoard(dir);
    expect(rows.filter((r) => r[1] === 'train/loss')).toHaveLength(500);
    expect(rows.filter((r) => r[1] === 'new_style')).toHaveLength(5);
  });

  it('imports the same files over ssh on the login host, as the cluster user', async () => {
    const ssh = createSshTransport(loginTarget());
    try {
      const rows = await expectSameAsTensorBoard(join(scratch, 'torch'), ssh);
      expect(rows.length).toBeGreaterThan(1000);
    } finally {
      await ssh.close();
    }
  });

  it("imports tensorboardX, add_scalars' per-series folders included", async () => {
    const dir = join(scratch, 'tbx');
    await py(WRITERS, 'tensorboardX', dir);
    const rows = await expectSameAsTensorBoard(dir);
    expect(rows).toHaveLength(900);
  });

  it("imports Lightning's default logger (TensorBoardLogger under lightning_logs/version_0)", async () => {
    const dir = join(scratch, 'lightning');
    await py(WRITERS, 'lightning', dir);
    const rows = await expectSameAsTensorBoard(dir);
    expect(rows.every((r) => r[0].includes('lightning_logs/version_0/'))).toBe(true);
    expect(rows.filter((r) => r[1] === 'train_loss')).toHaveLength(30);
  });

  it('reads a file while the writer is still writing it, each point once', async () => {
    const dir = join(scratch, 'slow');
    const tailer = new EventFileTailer({ transport: createLocalTransport() });
    tailer.watchDir(dir);
    const rows: Row[] = [];
    let writing = true;
    const writer = py(WRITERS, 'slow', dir).finally(() => (writing = false));
    let pollsWithPoints = 0;
    while (writing) {
      pollsWithPoints += await importAll(tailer, rows, 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await writer;
    await importAll(tailer, rows);
    expect(pollsWithPoints).toBeGreaterThan(2);
    expect(rows.map((r) => r[2])).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    const reference = JSON.parse(await py(REFERENCE, dir)) as Row[];
    expect(sortRows(rows)).toEqual(sortRows(reference));
  });

  it("finds Lightning's event file under the work dir, over ssh, bounded in depth", async () => {
    const ssh = createSshTransport(loginTarget());
    try {
      const found = await findEventFiles(ssh, join(scratch, 'lightning'));
      expect(found.map((f) => f.path)).toEqual([
        expect.stringMatching(/^lightning_logs\/version_0\/events\.out\.tfevents\./),
      ]);
      expect(found[0]?.absolute.startsWith(join(scratch, 'lightning'))).toBe(true);
      expect(await findEventFiles(ssh, join(scratch, 'lightning'), { depth: 1 })).toEqual([]);
    } finally {
      await ssh.close();
    }
  });

  it('waits at a record written in two parts and reads it once complete; reads a replaced file from 0', async () => {
    const source = join(scratch, 'torch');
    const bytes = readFileSync(
      join(source, readdirSync(source).find((f) => f.startsWith('events')) as string),
    );
    const dir = join(scratch, 'by-hand');
    mkdirSync(dir);
    const file = join(dir, 'events.out.tfevents.1.host');
    const cut = 5000; // inside a record
    writeFileSync(file, bytes.subarray(0, cut));
    const tailer = new EventFileTailer({ transport: createLocalTransport() });
    tailer.follow(file);
    const rows: Row[] = [];
    await importAll(tailer, rows, 1);
    const before = rows.length;
    expect(tailer.cursors()[0]?.offset).toBeLessThan(cut);
    appendFileSync(file, bytes.subarray(cut));
    await importAll(tailer, rows, 1);
    expect(rows.length).toBeGreaterThan(before);
    const all = [...rows];
    expect(sortRows(all.map((r) => [source, ...r.slice(1)] as Row))).toEqual(
      sortRows(
        (JSON.parse(await py(REFERENCE, source)) as Row[]).map(
          (r) => [source, ...r.slice(1)] as Row,
        ),
      ),
    );
    // Read in 100-byte steps: a histogram record longer than that is read whole the next poll.
    const small = new EventFileTailer({ transport: createLocalTransport(), maxBytesPerFile: 100 });
    small.follow(file);
    const stepped: Row[] = [];
    let polls = 0;
    for (let more = true; more; polls++) {
      const result = await small.poll();
      for (const f of result.files) {
        stepped.push(...f.points.map((p): Row => [f.path, p.k, p.s, p.v, p.t]));
        small.commit(f.next);
      }
      more = result.more;
    }
    expect(polls).toBeGreaterThan(100);
    expect(stepped).toEqual(all);
    // Renamed over: another inode at the same path, read again from its start.
    writeFileSync(`${file}.new`, bytes.subarray(0, 3000));
    renameSync(`${file}.new`, file);
    const replaced = await tailer.poll();
    expect(replaced.files.map((f) => f.event)).toEqual(['replaced']);
    for (const f of replaced.files) tailer.commit(f.next);
    const again = await tailer.poll();
    expect(again.files[0]?.points.length).toBeGreaterThan(0);
    expect(again.files[0]?.points[0]).toMatchObject({ k: 'train/loss', s: 0 });
  });
});
