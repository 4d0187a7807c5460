import type { Snapshot } from '../workspace/Snapshot';
import type { SchemaValidator } from '../schema/SchemaValidator';
import type { PolicySettings, Baseline } from './policyRecords';
import { parseBaseline } from './readPolicyFiles';

/** The baseline as a snapshot has it (the working tree, the index or a commit): empty when absent. */
export async function loadBaseline(snapshot: Snapshot, settings: PolicySettings, schemas: SchemaValidator): Promise<Baseline> {
  const buf = (await snapshot.load([settings.baselineFile])).get(settings.baselineFile);
  return parseBaseline(buf?.toString('utf8'), settings.baselineFile, schemas);
}
