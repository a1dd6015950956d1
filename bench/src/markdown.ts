/** A Markdown table (Prettier aligns it when the report is formatted). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Series counts as `1k`, `10k`, `100k`. */
export function seriesLabel(series: number): string {
  return series >= 1000 ? `${series / 1000}k` : String(series);
}
