import { describe, expect, it } from 'vitest';
import { checkContainerFlags } from './container-flags.js';

describe('checkContainerFlags', () => {
  it('accepts what pyxis accepts', () => {
    const ok = checkContainerFlags([
      '--container-image=nvcr.io#nvidia/pytorch:24.01-py3',
      '--container-image',
      '/lustre/home/u/app.sqsh',
      '--container-image=nvidia/cuda:12.2.0-base-ubuntu22.04',
      '--container-remap-root',
    ]);
    expect(ok.problems).toEqual([]);
  });

  it('catches a relative .sqsh path', () => {
    const { problems } = checkContainerFlags(['--container-image', 'images/app.sqsh']);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('relative path');
  });

  it('catches a registry written with "/" and says how to write it', () => {
    const { problems } = checkContainerFlags([
      '--container-image=nvcr.io/nvidia/pytorch:24.01-py3',
    ]);
    expect(problems[0]?.hint).toContain('nvcr.io#nvidia/pytorch:24.01-py3');
  });

  it('hands back the folder of --container-save to check on the cluster', () => {
    const check = checkContainerFlags([
      '--container-save=/lustre/home/u/saved/x.sqsh',
      '--container-save',
      'rel.sqsh',
    ]);
    expect(check.foldersToCheck).toEqual(['/lustre/home/u/saved']);
    expect(check.problems.map((p) => p.flag)).toEqual(['--container-save']);
  });
});
