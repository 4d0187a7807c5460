/**
 * Values are compared as trimmed strings so that `vmid: 203` (a number) joins with `VMID | 203`
 * (Markdown text) and `"203"` (a quoted YAML string). Null, empty strings and Markdown's
 * placeholder dashes count as absent.
 */
export function normalize(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    const s = value.trim();
    return s === '' || s === '—' || s === '–' || s === '-' ? undefined : s;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined; // maps and lists are not scalar join values
}

export function isPresent(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return normalize(value) !== undefined;
}

const PLACEHOLDER = /\{([A-Za-z0-9_$.-]+)\}/g;

/** Renders `vzdump-qemu-{vmid}-*.vma.zst`; undefined when a placeholder has no value. */
export function renderTemplate(template: string, get: (field: string) => unknown): string | undefined {
  let missing = false;
  const out = template.replace(PLACEHOLDER, (_, field: string) => {
    const v = normalize(get(field));
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

/**
 * Renders a template once per combination of its placeholders' values: a placeholder whose field is a
 * list gives one string per item (`ops/plugins/{name}/bin/{scripts}` with `scripts: [a, b]` gives two).
 * None when a placeholder has no value (or an empty list).
 */
export function renderTemplates(template: string, get: (field: string) => unknown): string[] {
  const t = compiled(template);
  // Every placeholder a scalar (the common case): one string, put together from the template's parts.
  const one: string[] = [];
  for (const f of t.fields) {
    const raw = get(f);
    if (Array.isArray(raw)) return renderCombinations(template, t.fields, get);
    const v = normalize(raw);
    if (v === undefined) return [];
    one.push(v);
  }
  let out = t.parts[0];
  for (let i = 0; i < t.slots.length; i++) out += one[t.slots[i]] + t.parts[i + 1];
  return [out];
}

/** A template split at its placeholders: literal parts around them, and which field each placeholder reads. */
interface CompiledTemplate {
  /** Its fields, each once, in order of first appearance. */
  fields: string[];
  /** The literal text before, between and after the placeholders (one more than slots). */
  parts: string[];
  /** For each placeholder, the index of its field in `fields`. */
  slots: number[];
}

const templates = new Map<string, CompiledTemplate>();

function compiled(template: string): CompiledTemplate {
  let t = templates.get(template);
  if (!t) {
    const fields: string[] = [];
    const parts: string[] = [];
    const slots: number[] = [];
    let last = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      parts.push(template.slice(last, m.index));
      let at = fields.indexOf(m[1]);
      if (at < 0) at = fields.push(m[1]) - 1;
      slots.push(at);
      last = m.index + m[0].length;
    }
    parts.push(template.slice(last));
    t = { fields, parts, slots };
    if (templates.size > 1000) templates.clear();
    templates.set(template, t);
  }
  return t;
}

/** Every combination of the placeholders' values (a placeholder over a list gives one string per item). */
function renderCombinations(template: string, fields: readonly string[], get: (field: string) => unknown): string[] {
  let combos: Array<Record<string, string>> = [{}];
  for (const f of fields) {
    const raw = get(f);
    const items = (Array.isArray(raw) ? raw : [raw]).map(normalize).filter((v): v is string => v !== undefined);
    combos = combos.flatMap((c) => items.map((v) => ({ ...c, [f]: v })));
  }
  return combos.map((c) => template.replace(PLACEHOLDER, (_, f: string) => c[f]));
}

export function describe(value: unknown): string {
  const v = normalize(value);
  return v === undefined ? '(unset)' : JSON.stringify(v);
}
