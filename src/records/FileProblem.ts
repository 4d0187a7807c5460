/** Something wrong with a file: reported by every gate reading it. */
export interface FileProblem {
  check: 'file/missing' | 'file/binary' | 'file/link' | 'file/parse' | 'file/duplicate-key' | 'file/encoding' | 'file/shape' | 'file/table';
  file: string;
  line: number;
  column: number;
  message: string;
  /** What the problem is about when a file can have several (a duplicate key, a table row): its fingerprint. */
  entity?: string;
  /**
   * The gate cannot see the file's records at all (missing, unreadable, unparsable, the wrong shape):
   * such a finding is never covered by the baseline, which covers findings, not a gate's sight.
   */
  blinding: boolean;
}
