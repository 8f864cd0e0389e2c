/** Plain-text tables that fit the terminal: columns shrink from the widest flexible one. */
export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  align?: 'left' | 'right';
  /** May be cut (with "…") when the table is too wide. */
  flexible?: boolean;
}

export function renderTable<Row>(rows: readonly Row[], columns: Column<Row>[], width = 80): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => (line[i] ?? '').length)),
  );
  const total = () => widths.reduce((sum, w) => sum + w, 0) + 2 * (columns.length - 1);
  while (total() > width) {
    const candidates = columns
      .map((column, i) => ({ i, w: widths[i] ?? 0, min: Math.max(column.header.length, 6) }))
      .filter(({ i, w, min }) => columns[i]?.flexible && w > min);
    const widest = candidates.sort((a, b) => b.w - a.w)[0];
    if (!widest) break;
    widths[widest.i] = widest.w - 1;
  }
  const format = (values: string[]) =>
    values
      .map((value, i) => {
        const w = widths[i] ?? 0;
        const text = value.length > w ? `${value.slice(0, Math.max(0, w - 1))}…` : value;
        return columns[i]?.align === 'right' ? text.padStart(w) : text.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [format(columns.map((c) => c.header)), ...cells.map(format)].join('\n');
}
