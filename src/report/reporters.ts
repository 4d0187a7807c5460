import type { ReportInput } from './formats/reportInput';

/** What a command renders itself: text and json differ per command (a run, a gate list, an audit). */
export interface OwnReports {
  text: () => string;
  json: () => string;
}

/**
 * One report format. `render` gets the command's own renderings and the common input of the machine
 * formats (built only when a format asks for it).
 */
export interface Reporter {
  /** Written by every command (list, explain, audit, overrides too), not only by those that run gates. */
  everywhere: boolean;
  /** One whole document (JSON, XML): two of them cannot share stdout. */
  document: boolean;
  render: (own: OwnReports, input: () => ReportInput) => string;
}

/* eslint-disable @typescript-eslint/no-require-imports -- a machine format is loaded only when asked for: a hook printing text pays for none */
/**
 * Every report format, in the order help and errors list them. Adding a format is one entry here (and
 * its module under formats/); `--format` checking, help and `emitReports` read this table.
 */
export const REPORTERS = table({
  text: { everywhere: true, document: false, render: (own) => own.text() },
  json: { everywhere: true, document: true, render: (own) => own.json() },
  sarif: {
    everywhere: false,
    document: true,
    render: (_own, input) => (require('./formats/sarif') as typeof import('./formats/sarif')).formatSarif(input()),
  },
  junit: {
    everywhere: false,
    document: true,
    render: (_own, input) => (require('./formats/junit') as typeof import('./formats/junit')).formatJunit(input()),
  },
  github: {
    everywhere: false,
    document: false,
    render: (_own, input) => (require('./formats/github') as typeof import('./formats/github')).formatGithub(input()),
  },
  gitlab: {
    everywhere: false,
    document: true,
    render: (_own, input) => (require('./formats/gitlab') as typeof import('./formats/gitlab')).formatGitlab(input()),
  },
});
/* eslint-enable @typescript-eslint/no-require-imports -- the lazy loads end with the table */

/** Keeps the table's names as a type while every entry is checked as a Reporter. */
function table<K extends string>(reporters: Record<K, Reporter>): Record<K, Reporter> {
  return reporters;
}

/** A report format's name (`--format`). */
export type Format = keyof typeof REPORTERS;

/** Every format, in table order. */
export const FORMATS = Object.keys(REPORTERS) as Format[];

/** The formats a command writes: all of them where gates run, else those written everywhere (text, json). */
export function formatsFor(runsGates: boolean): readonly Format[] {
  return runsGates ? FORMATS : FORMATS.filter((f) => REPORTERS[f].everywhere);
}

export function isFormat(name: string): name is Format {
  return Object.hasOwn(REPORTERS, name);
}
