import Table from 'cli-table3';

/** An aligned terminal table; numbers are right-aligned. */
export function renderTable(head: string[], rows: (string | number)[][]): string {
  const table = new Table({
    head,
    style: { head: [], border: [] },
    colAligns: head.map((_, i) => (rows.some((r) => typeof r[i] === 'number') ? 'right' : 'left')),
  });
  for (const row of rows) table.push(row.map((c) => String(c)));
  return table.toString();
}
