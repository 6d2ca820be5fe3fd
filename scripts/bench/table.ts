/** One row of BENCHMARKS.md: what was measured, both sides, their ratio, how to reproduce it. */
export interface Row {
  measure: string;
  ours: string;
  kinde: string;
  /** this library ÷ Kinde, or "—" with the reason in `measure` / the notes. */
  ratio: string;
  command: string;
}

/** `ours / kinde` with two significant digits, or "—" when either side is missing or zero. */
export function ratio(ours: number | null, kinde: number | null): string {
  if (ours === null || kinde === null || kinde === 0) return '—';
  const value = ours / kinde;
  return `${value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toPrecision(2)}×`;
}

export const kB = (bytes: number): string => `${(bytes / 1000).toFixed(2)} kB`;
export const ms = (value: number): string => `${Math.round(value)} ms`;

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownTable(rows: readonly Row[]): string {
  const head = ['What was measured', 'This library', "Kinde's PortalLink", 'Ratio (this ÷ Kinde)', 'Reproduce'];
  const lines = [head, head.map(() => '---'), ...rows.map((r) => [r.measure, r.ours, r.kinde, r.ratio, `\`${r.command}\``])];
  return lines.map((cells) => `| ${cells.map(escape).join(' | ')} |`).join('\n');
}
