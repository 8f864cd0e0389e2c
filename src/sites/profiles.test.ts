import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSiteProfiles, siteProfile } from './profiles.js';

function userDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdeck-sites-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('site profiles', () => {
  it('ships sjtu and hkust-superpod, valid', () => {
    const all = loadSiteProfiles({ user: '/nonexistent' });
    expect([...all.keys()].sort()).toEqual(['hkust-superpod', 'sjtu']);
    const superpod = all.get('hkust-superpod')?.profile;
    expect(superpod?.maintenance).toEqual([
      { weekly: 'Wed', from: '10:00', to: '12:00', note: 'weekly maintenance' },
    ]);
    expect(superpod?.reachability?.hint).toMatch(/VPN/);
    expect(all.get('sjtu')?.profile.ssh.certificateRequired).toBe(true);
  });

  it('lets a user add a site and extend a built-in one', () => {
    const user = userDir({
      'lab.yaml': 'groups:\n  all: { partitions: [gpu], entry: { job: login.lab } }\n',
      'my-sjtu.yaml': 'extends: sjtu\nssh: { user: alice }\nlimits: { interactiveMinutes: 60 }\n',
    });
    const all = loadSiteProfiles({ user });
    expect(all.get('lab')?.profile.groups['all']?.entry.job).toBe('login.lab');
    const mine = all.get('my-sjtu')?.profile;
    expect(mine?.ssh).toEqual({ certificateRequired: true, user: 'alice' });
    expect(mine?.groups['sy']?.partitions).toContain('a100');
    expect(mine?.limits.interactiveMinutes).toBe(60);
    expect(mine?.limits.partitionNotes['debug']).toBeDefined();
  });

  it('says which file and key are wrong', () => {
    const user = userDir({
      'bad.yaml':
        'groups:\n  g: { partitions: [p], entry: { job: h } }\n  h: { partitions: [p], entry: { job: h } }\n',
    });
    expect(() => loadSiteProfiles({ user })).toThrow(
      /bad\.yaml: groups\.h\.partitions: partition "p" is in both "g" and "h"/,
    );
    const syntax = userDir({ 'broken.yaml': 'groups: [\n' });
    expect(() => loadSiteProfiles({ user: syntax })).toThrow(/broken\.yaml/);
    const unknown = userDir({ 'x.yaml': 'extends: nowhere\n' });
    expect(() => loadSiteProfiles({ user: unknown })).toThrow(
      /extends "nowhere", which is no profile/,
    );
  });

  it('names the known sites when asked for an unknown one', () => {
    expect(() => siteProfile('mit', { user: '/nonexistent' })).toThrow(
      /no site profile named "mit"/,
    );
  });
});
