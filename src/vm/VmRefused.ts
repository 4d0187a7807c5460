/**
 * vm add or vm retire refused, before anything is written: exit 1 when the estate holds something that
 * conflicts (a vmid, hostname or IP taken, a VM already retired, a finding the edits cannot close), said at
 * the holder's file:line; exit 2 for bad input (a value only --set can give; else a ConfigError says it).
 */
export class VmRefused extends Error {
  constructor(
    message: string,
    readonly where?: { file: string; line: number; column: number },
    /** Lines that follow the message: the findings left, each with what it needs. */
    readonly details: readonly string[] = [],
    /** 2 when what is missing is input (a value only a --set can give), else 1. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'VmRefused';
  }
}
