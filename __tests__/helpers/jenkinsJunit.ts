import { XMLParser } from 'fast-xml-parser';

/**
 * The content model of the JUnit schema Jenkins' xunit plugin validates reports with (junit-10.xsd,
 * https://github.com/jenkinsci/xunit-plugin, src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/),
 * restated as data for the elements a report can hold: the attributes each element allows, those it
 * requires, and its child elements. A report that breaks any of it is refused by that plugin.
 */
const MODEL: Record<string, { allowed: string[]; required: string[]; children: string[] }> = {
  testsuites: { allowed: ['name', 'time', 'tests', 'failures', 'errors'], required: [], children: ['testsuite'] },
  testsuite: {
    allowed: [
      'name',
      'tests',
      'failures',
      'errors',
      'group',
      'time',
      'skipped',
      'timestamp',
      'hostname',
      'id',
      'package',
      'file',
      'log',
      'url',
    ],
    required: ['name', 'tests', 'failures', 'errors'],
    children: ['testsuite', 'properties', 'testcase', 'system-out', 'system-err'],
  },
  testcase: {
    allowed: ['name', 'time', 'classname', 'group'],
    required: ['name'],
    children: ['skipped', 'error', 'failure', 'system-out', 'system-err'],
  },
  failure: { allowed: ['type', 'message'], required: [], children: [] },
  error: { allowed: ['type', 'message'], required: [], children: [] },
  skipped: { allowed: ['type', 'message'], required: [], children: [] },
  'system-out': { allowed: [], required: [], children: [] },
  'system-err': { allowed: [], required: [], children: [] },
};

/** The schema's SUREFIRE_TIME pattern, for `time` on testsuites and testsuite. */
const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/;

type Node = Record<string, unknown>;

/** What in a JUnit document Jenkins' junit-10.xsd refuses, one line per problem (none: valid). */
export function jenkinsJunitProblems(xml: string): string[] {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: true, trimValues: false }).parse(
    xml,
  ) as Node[];
  const problems: string[] = [];
  const roots = doc.filter((n) => !('?xml' in n));
  if (roots.length !== 1 || !('testsuites' in roots[0])) problems.push('the root element is not <testsuites>');
  const walk = (node: Node, at: string) => {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (name === undefined || name === '#text') return;
    const model = MODEL[name];
    if (!model) {
      problems.push(`${at}: <${name}> is not an element of the schema`);
      return;
    }
    const attrs = Object.keys((node[':@'] as Node | undefined) ?? {}).map((a) => a.slice(1));
    for (const a of attrs) if (!model.allowed.includes(a)) problems.push(`${at}/${name}: attribute "${a}" is not allowed`);
    for (const a of model.required) if (!attrs.includes(a)) problems.push(`${at}/${name}: attribute "${a}" is required`);
    // Attribute values are parsed as strings (parseAttributeValue is off).
    const time = (node[':@'] as Record<string, string> | undefined)?.['@time'];
    if ((name === 'testsuites' || name === 'testsuite') && time !== undefined && !SUREFIRE_TIME.test(time))
      problems.push(`${at}/${name}: time "${time}" is not a SUREFIRE_TIME`);
    for (const child of (node[name] as Node[]) ?? []) {
      const childName = Object.keys(child).find((k) => k !== ':@');
      if (childName === '#text') {
        if (model.children.length && String(child['#text']).trim()) problems.push(`${at}/${name}: text where only elements belong`);
        continue;
      }
      if (childName && !model.children.includes(childName)) problems.push(`${at}/${name}: <${childName}> is not allowed here`);
      walk(child, `${at}/${name}`);
    }
  };
  for (const r of roots) walk(r, '');
  return problems;
}
