import {
  OPTION_BY_FLAG,
  SBATCH_OPTIONS,
  type Allocation,
  type SbatchOptionValues,
} from './sbatch-options.js';

/** The resources a list of sbatch/srun flags asks for; of a repeated flag the last one wins. */
export function allocationFromFlags(words: readonly string[]): Allocation {
  const found: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    let flag = word;
    let value: string | undefined;
    const eq = word.indexOf('=');
    if (word.startsWith('--') && eq > 0) {
      flag = word.slice(0, eq);
      value = word.slice(eq + 1);
    } else if (/^-[A-Za-z].+/.test(word)) {
      flag = word.slice(0, 2);
      value = word.slice(2);
    }
    const option = OPTION_BY_FLAG.get(flag);
    if (!option || !('allocates' in option)) continue;
    if (value === undefined) value = words[++i];
    if (value !== undefined) found[option.key] = value;
  }
  return found as Allocation;
}

/**
 * The resources a batch script's `#SBATCH` lines ask for. Like sbatch, it reads them up to the
 * first line that is not a comment or blank.
 */
export function scriptDirectives(text: string): Allocation {
  const words: string[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if ((index === 0 && line.startsWith('#!')) || line === '') continue;
    if (!line.startsWith('#')) break;
    if (!/^#SBATCH\s/.test(line)) continue;
    const flags = line.slice('#SBATCH'.length).trim().split(/\s+/);
    const comment = flags.findIndex((w) => w.startsWith('#'));
    words.push(...(comment === -1 ? flags : flags.slice(0, comment)));
  }
  return allocationFromFlags(words);
}

/** The resources among a request's options, as text like the flags'. */
export function allocationOfOptions(options: SbatchOptionValues): Allocation {
  const found: Record<string, string> = {};
  for (const option of SBATCH_OPTIONS) {
    const value = options[option.key];
    if ('allocates' in option && value !== undefined) found[option.key] = String(value);
  }
  return found as Allocation;
}
