/**
 * Text from the repository (a hostname, a reason, a commit subject) printed to a terminal: control
 * characters, escape sequences and bidirectional overrides are shown escaped, so data can neither
 * recolour the screen, move the cursor, nor print a fake "✔ passed" line over the real verdict.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern is for
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function safeText(s: string): string {
  return s.replace(UNSAFE, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** The colour decision: picocolors' own rules (NO_COLOR, FORCE_COLOR, a terminal, CI) with TERM=dumb honoured, and the flags first. */
export function useColor(flags: { color: boolean; noColor: boolean }, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flags.noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (flags.color) return true;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return isTTY || 'CI' in env;
}
