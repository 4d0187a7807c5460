import { indexOf } from '../../src/rules/context';
import { SsotRecord, type RecordShape } from '../../src/records/SsotRecord';
import type { CollectionStore } from '../../src/records/CollectionStore';

const shape = (collection: string): RecordShape => ({ collection, aliases: {}, defaults: {} });
const rec = (collection: string, data: Record<string, unknown>) => new SsotRecord(shape(collection), 'f.yaml', data, () => undefined);

/**
 * Matches over the same records with the same target side (target, transforms, operator) share one
 * table whatever their source; each still looks up by its own source. Another target side builds its own.
 */
test('matches from different sources to the same target side share one table and find by their own source', () => {
  const store = { indexes: new WeakMap() } as unknown as CollectionStore;
  const targets = [rec('ssh', { id: 'Web-1' }), rec('ssh', { id: 'db-1' }), rec('ssh', { id: 'DB-1' })];
  const byHost = indexOf({ store }, { source: 'hostname', target: 'id', transform: ['lower'] }, targets);
  const byId = indexOf({ store }, { source: 'id', target: 'id', transform: ['lower'] }, targets);
  expect(byId).not.toBe(byHost);
  expect(byId.table).toBe(byHost.table);
  expect(byId.keys()).toBe(byHost.keys());
  const vm = rec('vms', { hostname: 'web-1', id: 'db-1' });
  expect(byHost.find(vm)).toEqual([targets[0]]);
  expect(byId.find(vm)).toEqual([targets[1], targets[2]]);
  // The same match again is the same index; another transform, operator or target is a table of its own.
  expect(indexOf({ store }, { source: 'hostname', target: 'id', transform: ['lower'] }, targets)).toBe(byHost);
  const exact = indexOf({ store }, { source: 'id', target: 'id' }, targets);
  expect(exact.table).not.toBe(byHost.table);
  expect(exact.find(vm)).toEqual([targets[1]]);
  const words = indexOf({ store }, { source: 'hostname', target: 'id', transform: ['lower'], op: 'contains' }, targets);
  expect(words.table).not.toBe(byHost.table);
  // Other records with the same match: their own table.
  const others = [rec('ssh', { id: 'web-1' })];
  expect(indexOf({ store }, { source: 'id', target: 'id', transform: ['lower'] }, others).table).not.toBe(byHost.table);
});
