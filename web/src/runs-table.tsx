import type { ComponentChildren } from 'preact';
import { t } from './i18n.js';
import type { Run } from './tracker-api.js';

export interface Column {
  head: string;
  /** The field the server sorts this column by (run-query-parse.ts), when it can. */
  sort?: string;
  cell: (run: Run) => ComponentChildren;
  num?: boolean;
}

/** The heading of a run's group, or undefined where the run stands alone. */
function groupOf(run: Run, group: string): string | undefined {
  if (group === 'experiment') return run.project;
  if (group === 'array' && run.arrayTask !== undefined) {
    return `${t('job')} ${run.cluster ?? ''} ${run.jobId?.replace(/_\d+$/, '') ?? ''}`;
  }
  return undefined;
}

/** The table's rows: the server already put each group together; a heading row opens it. */
export function RunsTableBody({
  runs,
  columns,
  group,
  picked,
  onPick,
}: {
  runs: readonly Run[];
  columns: readonly Column[];
  group: string;
  picked: readonly string[];
  onPick: (uids: string[]) => void;
}) {
  const rows: ComponentChildren[] = [];
  let last: string | undefined;
  for (const run of runs) {
    const heading = groupOf(run, group);
    if (heading !== undefined && heading !== last) {
      rows.push(
        <tr key={`group-${heading}`} class="group-head">
          <th colSpan={columns.length + 1}>{heading}</th>
        </tr>,
      );
    }
    last = heading;
    const on = picked.includes(run.uid);
    rows.push(
      <tr key={run.uid} data-run={run.uid}>
        <td>
          <input
            type="checkbox"
            aria-label={`${t('selectRun')} ${run.name}`}
            checked={on}
            onChange={() =>
              onPick(on ? picked.filter((uid) => uid !== run.uid) : [...picked, run.uid])
            }
          />
        </td>
        {columns.map((col) => (
          <td key={col.head} class={col.num ? 'num' : undefined}>
            {col.cell(run)}
          </td>
        ))}
      </tr>,
    );
  }
  return <tbody>{rows}</tbody>;
}
