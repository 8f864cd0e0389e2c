import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReport, type JobReport } from '../jobs/index.js';
import { openDatabase } from '../store/index.js';
import { applyJobEnds } from './tracker-jobs.js';
import { openWorkspace } from './workspace.js';

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'sdeck-tracker-jobs-'));
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, 'clusters:\n  dev: { transport: local }\n');
  const db = openDatabase({ file: join(dir, 'state.db') });
  return openWorkspace({ face: 'http', configFile, db, stateDir: dir, pollers: false });
}

const ended = (jobId: string, fields: Partial<JobReport>): JobReport => ({
  ...sampleReport('en', 'dev'),
  jobId,
  ...fields,
});

describe("a run's status from its job's end", () => {
  it('hands the job of a new run to the watcher, and only on a configured cluster', async () => {
    const ws = workspace();
    await ws.tracker.startRun({ uid: 'r1', project: 'p', cluster: 'dev', jobId: '42' });
    await ws.tracker.startRun({ uid: 'r2', project: 'p', cluster: 'elsewhere', jobId: '43' });
    expect(ws.watchStore.get('dev', '42')).toMatchObject({ ended: false, channels: [] });
    expect(ws.watchStore.list().map((j) => j.jobId)).toEqual(['42']);
  });

  it('says OUT_OF_MEMORY for a job that exited 0 after an OOM kill, and FAILED with the code', async () => {
    const ws = workspace();
    await ws.tracker.startRun({ uid: 'oom', project: 'p', cluster: 'dev', jobId: '7' });
    await ws.tracker.startRun({ uid: 'bad', project: 'p', cluster: 'dev', jobId: '8' });
    await ws.tracker.startRun({ uid: 'ok', project: 'p', cluster: 'dev', jobId: '9' });
    ws.watchStore.finish(ended('7', { outcome: 'OUT_OF_MEMORY', exitCode: 0 }), 1);
    ws.watchStore.finish(ended('8', { outcome: 'FAILED', exitCode: 3 }), 1);
    ws.watchStore.finish(ended('9', { outcome: 'COMPLETED', exitCode: 0 }), 1);
    expect(await applyJobEnds(ws)).toBe(3);
    const show = async (uid: string) => {
      const run = await ws.tracker.store.getRun(uid);
      return [run?.status, run?.jobOutcome, run?.exitCode];
    };
    expect(await show('oom')).toEqual(['failed', 'OUT_OF_MEMORY', 0]);
    expect(await show('bad')).toEqual(['failed', 'FAILED', 3]);
    expect(await show('ok')).toEqual(['finished', 'COMPLETED', 0]);
    // Taken once: the cursor moved past them.
    expect(await applyJobEnds(ws)).toBe(0);
    const finished = ws.events.read({ kindPrefix: 'tracker.run.finished' });
    expect(finished.map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ uid: 'oom', jobOutcome: 'OUT_OF_MEMORY', status: 'failed' }),
    );
  });

  it('gives a run that arrives after its job ended (from the spool) that end at once', async () => {
    const ws = workspace();
    ws.watchStore.add('dev', ['11']);
    ws.watchStore.finish(ended('11', { outcome: 'TIMEOUT', exitCode: 0 }), 1);
    await applyJobEnds(ws);
    await ws.tracker.startRun({
      uid: 'late',
      project: 'p',
      cluster: 'dev',
      jobId: '11',
      startedAt: Date.now() / 1000 - 600,
    });
    await expect
      .poll(async () => (await ws.tracker.store.getRun('late'))?.jobOutcome)
      .toBe('TIMEOUT');
  });

  it('leaves a run alone when its job is requeued or unknown to Slurm', async () => {
    const ws = workspace();
    await ws.tracker.startRun({ uid: 'r', project: 'p', cluster: 'dev', jobId: '12' });
    ws.watchStore.finish(ended('12', { outcome: 'UNKNOWN', exitCode: undefined }), 0);
    await applyJobEnds(ws);
    expect((await ws.tracker.store.getRun('r'))?.status).toBe('running');
  });
});
