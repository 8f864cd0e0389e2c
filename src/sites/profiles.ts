import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { SlurmdeckError } from '../core/errors.js';
import { configDir } from '../core/paths.js';
import { describeYamlError } from '../core/yaml-error.js';
import { siteProfileSchema, type SiteProfile } from './profile-schema.js';

export interface LoadedProfile {
  name: string;
  profile: SiteProfile;
  /** The file it came from (the user's own, or the one shipped in the package). */
  file: string;
  builtin: boolean;
}

export interface ProfileDirs {
  builtin?: string;
  user?: string;
}

/** Shipped profiles sit at the package root, beside `dist/` and `src/` alike. */
export const builtinProfileDir = () =>
  fileURLToPath(new URL('../../site-profiles/', import.meta.url));
export const userProfileDir = (env: NodeJS.ProcessEnv = process.env) =>
  join(configDir(env), 'sites');

/**
 * Every site profile: the built-in ones, then the user's (`~/.config/slurmdeck/sites/NAME.yaml`).
 * A user file with a built-in's name replaces it; `extends: NAME` starts from that profile instead.
 */
export function loadSiteProfiles(dirs: ProfileDirs = {}): Map<string, LoadedProfile> {
  const builtinDir = dirs.builtin ?? builtinProfileDir();
  const userDir = dirs.user ?? userProfileDir();
  const raw = new Map<string, { data: Record<string, unknown>; file: string; builtin: boolean }>();
  for (const [dir, builtin] of [
    [builtinDir, true],
    [userDir, false],
  ] as const) {
    for (const file of yamlFiles(dir)) {
      const name = basename(file).replace(/\.ya?ml$/, '');
      const data = readYaml(file);
      const base = typeof data['extends'] === 'string' ? raw.get(data['extends']) : undefined;
      if (data['extends'] !== undefined && !base) {
        throw new SlurmdeckError(
          'CONFIG_INVALID',
          `${file}: extends "${String(data['extends'])}", which is no profile`,
          {
            hint: `Known profiles: ${[...raw.keys()].join(', ') || '(none)'}.`,
          },
        );
      }
      const { extends: _extends, ...own } = data;
      raw.set(name, { data: base ? merge(base.data, own) : own, file, builtin });
    }
  }
  const loaded = new Map<string, LoadedProfile>();
  for (const [name, { data, file, builtin }] of raw) {
    const parsed = siteProfileSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SlurmdeckError(
        'CONFIG_INVALID',
        `${file}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}`,
        {
          hint: 'Fix the site profile; `slurmdeck site show NAME` prints a valid one to start from.',
        },
      );
    }
    loaded.set(name, { name, profile: parsed.data, file, builtin });
  }
  return loaded;
}

export function siteProfile(name: string, dirs: ProfileDirs = {}): LoadedProfile {
  const all = loadSiteProfiles(dirs);
  const found = all.get(name);
  if (!found) {
    throw new SlurmdeckError('INVALID_ARGUMENT', `no site profile named "${name}"`, {
      hint: `Known sites: ${[...all.keys()].join(', ')}; add your own as ${join(dirs.user ?? userProfileDir(), `${name}.yaml`)}.`,
    });
  }
  return found;
}

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function readYaml(file: string): Record<string, unknown> {
  const text = readFileSync(file, 'utf8');
  const document = parseDocument(text);
  const syntax = document.errors[0];
  if (syntax) {
    throw new SlurmdeckError('CONFIG_INVALID', `${file}: ${describeYamlError(syntax, text)}`, {
      hint: 'Fix the YAML syntax at the line and column shown.',
    });
  }
  const data: unknown = document.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new SlurmdeckError('CONFIG_INVALID', `${file}: a site profile is a YAML mapping`, {
      hint: 'Start from `slurmdeck site show sjtu`.',
    });
  }
  return data as Record<string, unknown>;
}

/** Mappings merge key by key; anything else (lists included) is replaced. */
function merge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = out[key];
    out[key] = isMapping(under) && isMapping(value) ? merge(under, value) : value;
  }
  return out;
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
