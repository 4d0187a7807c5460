/** One status of the VM lifecycle contract (bindings/vm.lifecycle.contract.yaml, `statuses:`). */
export interface ContractRow {
  status: string;
  phase: string;
  touchpoints: string[];
  placeholders: boolean;
  live: boolean;
}

export const TABLE_BEGIN =
  '<!-- contract-table:begin (generated from bindings/vm.lifecycle.contract.yaml by `node scripts/contract-doc.js`) -->';
export const TABLE_END = '<!-- contract-table:end -->';

/**
 * The contract as a Markdown table: docs/VM_CREATION_CONTRACT.md carries it between the markers,
 * and a test renders it again from the shipped file so the two cannot drift apart.
 */
export function contractTable(rows: readonly ContractRow[]): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const header = [
    'status',
    'phase',
    'touchpoints required (D69 for `active`, D140 for the others)',
    '`PENDING_*` placeholders allowed',
    'live references allowed (D141)',
  ];
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const touchpoints = (r: ContractRow) => (r.touchpoints.length ? r.touchpoints.map((t) => `\`${t}\``).join(', ') : '—');
  return [
    row(header),
    '|---|---|---|---|---|',
    ...rows.map((r) => row([`\`${r.status}\``, r.phase, touchpoints(r), yes(r.placeholders), yes(r.live)])),
  ].join('\n');
}

/** The same rows as plain text, for `spine-hooks explain`. */
export function contractLines(rows: readonly ContractRow[]): string[] {
  const w = Math.max(...rows.map((r) => r.status.length));
  const p = Math.max(...rows.map((r) => r.phase.length));
  return rows.map((r) => {
    const touchpoints = r.touchpoints.length ? r.touchpoints.join(', ') : '(none)';
    const limits = `${r.placeholders ? '' : '; no placeholders'}${r.live ? '' : '; nothing live may remain'}`;
    return `  ${r.status.padEnd(w)}  ${r.phase.padEnd(p)}  ${touchpoints}${limits}`;
  });
}
