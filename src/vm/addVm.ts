import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../types';
import type { Clock } from '../records/time';
import { typedLike, type EntryValue, type FixTemplates } from '../rules/kinds';
import type { SsotRecord } from '../records/SsotRecord';
import { normalize } from '../records/values';
import { checkSets, configTemplates, templateVariables } from '../fix/fixTemplates';
import { meant } from '../didYouMean';
import { ConfigError } from '../registry/ConfigError';
import { VM_MSG } from '../messages';
import { loadEstate, VMS, type Estate } from './estate';
import { VmRefused } from './VmRefused';
import { completeVm, writeAll } from './completeVm';
import { defaultsBlock, insertRecord } from './vmRecordText';
import type { VmOutcome } from './VmOutcome';

export interface AddVmInput {
  cwd: string;
  config?: string;
  hostname: string;
  vmid: string;
  lanIp: string;
  /** Default: active (every touchpoint written). */
  status?: string;
  /** The VM's site_scope. */
  site?: string;
  /** `--set key=value`: a field of the record (one the VM records or the contract know), else a template variable. */
  sets: Readonly<Record<string, string>>;
  clock: Clock;
  dryRun: boolean;
}

export const DEFAULT_STATUS = 'active';

/**
 * `spine-hooks vm add`: the VM's lifecycle record, written as its neighbours are, and every touchpoint its
 * phase requires (the fix engine's repairs of the findings about it), verified by running every gate on the
 * result in memory; refused before anything is written when its vmid, hostname or IP is taken or a value
 * it needs cannot be derived.
 */
export async function addVm(input: AddVmInput): Promise<VmOutcome> {
  checkInput(input);
  const estate = await loadEstate(input.cwd, input.config);
  refuseConflicts(estate, input);
  const file = estate.vms.file;
  const def = estate.prepared.loaded.registry.collections[VMS];
  if (estate.vms.several) throw new ConfigError(VM_MSG.severalFiles(file));
  const disk = fs.readFileSync(path.join(estate.prepared.cwd, file));
  const own = estate.vms.records.filter((r) => r.file === file);
  if (!own.length) throw new ConfigError(VM_MSG.noNeighbour(file), file);
  const neighbour = neighbourOf(own, input);
  const entry = recordEntry(estate, input, neighbour);
  const index =
    neighbour?.place && 'path' in neighbour.place ? Number(neighbour.place.path[neighbour.place.path.length - 1]) : own.length - 1;
  const inserted = insertRecord(disk, file, def.select ? def.select.split('.') : [], index, entry);
  const label = `VM ${input.vmid} (${input.hostname})`;
  const about = (f: Finding) =>
    f.entity === input.hostname ||
    f.entity === input.vmid ||
    f.repair?.record.entity === input.hostname ||
    (f.file === file && f.line >= inserted.firstLine && f.line <= inserted.lastLine);
  const { sets: fixSets, templates } = fixInputs(estate, input.sets, entry);
  const done = await completeVm({
    cwd: estate.prepared.cwd,
    config: input.config,
    clock: input.clock,
    recordFile: file,
    recordText: inserted.bytes,
    about,
    label,
    sets: fixSets,
    templates,
    recordFields: Object.keys(entry),
    memo: estate.memo,
  });
  const outcome: VmOutcome = { label, files: done.files, warnings: done.warnings, written: [], refused: [], recordFile: file };
  if (!input.dryRun) Object.assign(outcome, writeAll(done.prepared.cwd, done.files));
  return outcome;
}

function checkInput(input: AddVmInput): void {
  // A whole number as Proxmox allows one (1 to 999999999), written without a leading zero: `0301` would pass a
  // comparison with 301 as text and then be written as 301.
  if (!/^[1-9]\d{0,8}$/.test(input.vmid)) throw new ConfigError(VM_MSG.badVmid(input.vmid));
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(input.hostname)) throw new ConfigError(VM_MSG.badHostname(input.hostname));
  const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(input.lanIp);
  if (!octets || octets.slice(1).some((o) => Number(o) > 255 || (o.length > 1 && o.startsWith('0'))))
    throw new ConfigError(VM_MSG.badIp(input.lanIp));
  for (const k of Object.keys(input.sets)) {
    if (['vmid', 'id', 'hostname', 'lan_ip', 'status', 'site_scope'].includes(k)) throw new ConfigError(VM_MSG.badSetKey(k));
  }
}

/** The vmid and hostname free among the VMs, the IP free in every collection (D54's IP documents, other VMs' IPs). */
function refuseConflicts(estate: Estate, input: AddVmInput): void {
  for (const r of estate.vms.records) {
    if (r.value('vmid') === input.vmid) throw new VmRefused(VM_MSG.vmidTaken(input.vmid, r.label), r.loc('vmid'));
    // Host names are compared as DNS and the gates compare them: without regard to case.
    if (String(r.value('hostname') ?? '').toLowerCase() === input.hostname.toLowerCase())
      throw new VmRefused(VM_MSG.hostnameTaken(input.hostname, r.label), r.loc('hostname'));
  }
  for (const name of Object.keys(estate.prepared.loaded.registry.collections)) {
    for (const r of estate.store.get(name).records) {
      const field = Object.keys(r.data).find((k) => normalize(r.data[k]) === input.lanIp);
      if (field) throw new VmRefused(VM_MSG.ipTaken(input.lanIp, r.label, field), r.loc(field));
    }
  }
}

/** The record the new one follows: the same status and site, the highest vmid below it; else the last of its kind. */
function neighbourOf(own: readonly SsotRecord[], input: AddVmInput): SsotRecord | undefined {
  const status = input.status ?? DEFAULT_STATUS;
  const kin = own.filter((r) => r.value('status') === status && r.value('site_scope') === input.site);
  const below = (list: readonly SsotRecord[]) =>
    list.filter((r) => Number(r.value('vmid')) < Number(input.vmid)).sort((a, b) => Number(a.value('vmid')) - Number(b.value('vmid')));
  return below(kin).pop() ?? kin[kin.length - 1] ?? below(own).pop() ?? own[own.length - 1];
}

/**
 * The record's fields: the flags, `--set` fields, fix_templates.vms rendered, and the binding's defaults
 * written out where the contract requires the field on the VM. A required field none of these gives refuses.
 */
function recordEntry(estate: Estate, input: AddVmInput, neighbour: SsotRecord | undefined): Record<string, EntryValue> {
  const def = estate.prepared.loaded.registry.collections[VMS];
  const required = requiredFields(estate);
  // The id's name (vmid, or an alias such as id): the one the contract requires, else the neighbour's.
  const names = ['vmid', ...(def.aliases?.vmid ?? [])];
  const keyName = names.find((n) => required.includes(n)) ?? names.find((n) => neighbour?.raw(n) !== undefined) ?? 'vmid';
  const entry: Record<string, EntryValue> = { [keyName]: Number(input.vmid), hostname: input.hostname };
  if (input.site !== undefined) entry.site_scope = input.site;
  entry.status = input.status ?? DEFAULT_STATUS;
  entry.lan_ip = input.lanIp;
  const defaults = defaultsBlock(estate.store.workspace.file(estate.vms.file).yaml().data, def.defaults_from);
  const known = new Set([...required, ...Object.keys(defaults), ...estate.vms.records.flatMap((r) => Object.keys(r.data))]);
  checkVmSets(estate, input.sets, known);
  for (const [k, v] of Object.entries(input.sets)) if (known.has(k)) entry[k] = typedLike(estate.vms.records, k, v);
  const label = `VM ${input.vmid} (${input.hostname})`;
  const vars = (name: string) => (name === 'vmid' ? input.vmid : (entry[name] ?? input.sets[name]));
  for (const [k, tpl] of Object.entries(configTemplates(estate.prepared.loaded)[VMS] ?? {})) {
    if (k in entry) continue;
    if (typeof tpl !== 'string') {
      entry[k] = tpl;
      continue;
    }
    const missing = [...tpl.matchAll(/\{([A-Za-z0-9_$.-]+)\}/g)].map((m) => m[1]).find((n) => vars(n) === undefined);
    if (missing) throw new ConfigError(VM_MSG.needTemplate(k, missing));
    entry[k] = tpl.replace(/\{([A-Za-z0-9_$.-]+)\}/g, (_, n: string) => String(vars(n)));
  }
  const missing: string[] = [];
  for (const k of required) {
    if (k in entry || names.includes(k)) continue;
    const d = defaults[k];
    if (d === undefined || d === null || typeof d === 'object') missing.push(k);
    else entry[k] = d as EntryValue;
  }
  if (missing.length) throw new ConfigError(VM_MSG.needFields(label, missing));
  return entry;
}

/**
 * Each `--set` used by something: a field of the VM record, `collection.field` of a declared collection (the
 * fix engine's templates), or a `{name}` of some fix_templates value. Anything else (a typo) is exit 2, never
 * ignored.
 */
function checkVmSets(estate: Estate, sets: Readonly<Record<string, string>>, fields: ReadonlySet<string>): void {
  const loaded = estate.prepared.loaded;
  const templates = configTemplates(loaded);
  const used = templateVariables(templates);
  const dotted: Record<string, string> = {};
  for (const [k, v] of Object.entries(sets)) {
    if (fields.has(k) || used.has(k)) continue;
    if (k.indexOf('.') > 0) dotted[k] = v;
    else throw new ConfigError(VM_MSG.setUnusedField(k, meant(k, [...fields])));
  }
  checkSets(loaded, templates, dotted);
}

/**
 * What the fix engine gets: `--set collection.field=value` as a template field of that collection (typed as
 * YAML reads it: `enabled=true` is a boolean), over fix_templates; the other `--set`s that are not record
 * fields as template variables (`port=8080`).
 */
function fixInputs(
  estate: Estate,
  sets: Readonly<Record<string, string>>,
  entry: Record<string, EntryValue>,
): { sets: Record<string, string>; templates: FixTemplates } {
  const templates: Record<string, Record<string, EntryValue>> = { ...configTemplates(estate.prepared.loaded) };
  const vars: Record<string, string> = {};
  const collections = estate.prepared.loaded.registry.collections;
  for (const [k, v] of Object.entries(sets)) {
    if (k in entry) continue;
    const dot = k.indexOf('.');
    const collection = dot > 0 ? k.slice(0, dot) : '';
    if (collection && collections[collection]) templates[collection] = { ...templates[collection], [k.slice(dot + 1)]: yamlTyped(v) };
    else vars[k] = v;
  }
  return { sets: vars, templates };
}

/** A value as YAML would read it unquoted: true/false, a number, else the string. */
function yamlTyped(value: string): EntryValue {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** required_vm_fields of the lifecycle contract (D86), where the repository has one. */
function requiredFields(estate: Estate): string[] {
  if (!estate.prepared.loaded.registry.files.vm_lifecycle_contract) return [];
  const { value } = estate.store.readValue('vm_lifecycle_contract', 'required_vm_fields');
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
