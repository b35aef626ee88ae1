/**
 * `rows` under `headers` as a GitHub-flavoured Markdown table, columns padded to a common
 * width so that it reads as well in a terminal as in BENCHMARKS.md. A `|` inside a cell is
 * escaped.
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]) {
  const cells = [headers, ...rows].map((row) => row.map((cell) => cell.replaceAll('|', '\\|')))
  const widths = headers.map((_, column) =>
    Math.max(3, ...cells.map((row) => (row[column] ?? '').length)),
  )
  const line = (row: readonly string[]) =>
    `| ${widths.map((width, column) => (row[column] ?? '').padEnd(width)).join(' | ')} |`
  const [head, ...body] = cells
  return [
    line(head ?? []),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...body.map(line),
  ].join('\n')
}
