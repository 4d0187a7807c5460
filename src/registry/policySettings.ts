/** The `policy` section of the configuration: where the baseline and the logs live, and what a reason needs. */
export interface PolicySettings {
  baselineFile: string;
  overrideLog: string;
  verifiedBases: string;
  minReasonLength: number;
  referencePattern?: string;
}

export const DEFAULT_POLICY: PolicySettings = {
  baselineFile: '.spine-hooks/baseline.json',
  overrideLog: '.spine-hooks/overrides.jsonl',
  verifiedBases: '.spine-hooks/verified-bases.jsonl',
  minReasonLength: 15,
};
