/**
 * What the policy files hold — baseline entries (.spine-hooks/baseline.json), override records
 * (.spine-hooks/overrides.jsonl), verified bases — and the settings that say where they live.
 */

export interface BaselineEntry {
  fingerprint: string;
  gate: string;
  check: string;
  entity?: string;
  /** The finding's message when it was recorded (for people; not part of the identity). */
  message?: string;
  /** Gap or ticket reference, e.g. GAP-OP-037. */
  ref?: string;
  owner?: string;
  /** ISO date the entry was accepted. */
  added?: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export interface OverrideRecord {
  /** Hash of the rest of the record: what the commit trailer names. */
  id: string;
  timestamp: string;
  author: { name: string; email: string };
  branch: string;
  /** Scopes as given: `D69` or `D69:immich`; `*` means every gate. */
  scope: string[];
  /** Fingerprints of the findings the override covered when it was recorded. */
  fingerprints: string[];
  reason: string;
  reference?: string;
  /** ISO date after which the override is flagged as expired. */
  expires?: string;
  tool: string;
}

// The policy section of the configuration: read by the registry loader, so declared beside it.
export { DEFAULT_POLICY, type PolicySettings } from '../registry/policySettings';

/** A commit whose history was already checked (see schemas/verified-base.schema.json). */
export interface VerifiedBase {
  id: string;
  commit: string;
  timestamp: string;
  author: { name: string; email: string };
  reason: string;
  tool: string;
}
