import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveCluster, saveCluster } from './config.js';
import { isSlurmdeckError } from './errors.js';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'slurmdeck-config-')), 'config.yaml');

describe('config', () => {
  it('reads no file as no clusters, and then asks for one with a hint', () => {
    const config = loadConfig(tempFile());
    expect(config.clusters).toEqual({});
    try {
      resolveCluster(config);
      expect.unreachable();
    } catch (error) {
      expect(isSlurmdeckError(error, 'CONFIG_NOT_FOUND')).toBe(true);
    }
  });

  it('names the key that is wrong', () => {
    const file = tempFile();
    writeFileSync(file, 'clusters:\n  hpc:\n    transport: ssh\n    port: 99999\n    host: x\n');
    expect(() => loadConfig(file)).toThrow(/clusters\.hpc\.port/);
  });

  it('tells a YAML syntax error by line, column and key, never quoting the line', () => {
    const file = tempFile();
    writeFileSync(
      file,
      'clusters:\n  hpc:\n    host: x\n    password: [unclosed s3cret-value\n  dev:\n    host: y\n',
    );
    let message = '';
    try {
      loadConfig(file);
    } catch (error) {
      message = isSlurmdeckError(error, 'CONFIG_INVALID') ? error.message : String(error);
    }
    expect(message).toMatch(/line \d+, column \d+/);
    expect(message).toContain('clusters.');
    expect(message).not.toContain('s3cret');
  });

  it('keeps comments and other clusters when saving one', () => {
    const file = tempFile();
    writeFileSync(
      file,
      '# my clusters\ndefaultCluster: hpc\nclusters:\n  hpc:\n    transport: local\n',
    );
    saveCluster('dev', { transport: 'ssh', host: '10.0.0.1', user: 'me' }, file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# my clusters');
    const config = loadConfig(file);
    expect(Object.keys(config.clusters).sort()).toEqual(['dev', 'hpc']);
    expect(resolveCluster(config).name).toBe('hpc');
    expect(resolveCluster(config, 'dev').cluster).toMatchObject({ host: '10.0.0.1' });
  });

  it('refuses an unknown cluster and lists the known ones', () => {
    const file = tempFile();
    saveCluster('dev', { transport: 'local' }, file);
    expect(() => resolveCluster(loadConfig(file), 'prod')).toThrow(/no cluster named "prod"/);
  });
});
