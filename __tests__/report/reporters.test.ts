import { FORMATS, REPORTERS, formatsFor } from '../../src/report/reporters';
import { HELP } from '../../src/cli/helpText';
import { parseCliArgs } from '../../src/cli/parseCliArgs';

// The reporter table is the one place a format is declared: parsing, help and the writer follow it.
describe('REPORTERS', () => {
  test('every format is accepted where gates run, and only text and json elsewhere', () => {
    for (const format of FORMATS) {
      expect(parseCliArgs(['--all', '--format', format], {}).outputs).toEqual([{ format }]);
      const list = () => parseCliArgs(['list', '--format', format], {});
      if (REPORTERS[format].everywhere) expect(list().format).toBe(format);
      else expect(list).toThrow(`--format ${format} goes with --all, --staged, a hook, ci and fix; list writes text or json`);
    }
    expect(formatsFor(false)).toEqual(['text', 'json']);
  });

  test('two whole documents cannot share stdout; two line formats can', () => {
    for (const a of FORMATS)
      for (const b of FORMATS) {
        if (a === b) continue;
        const parse = () => parseCliArgs(['--all', '--format', a, '--format', b], {});
        if (REPORTERS[a].document || REPORTERS[b].document) expect(parse).toThrow(`only one of ${a}, ${b} can go to stdout`);
        else expect(parse().outputs).toEqual([{ format: a }, { format: b }]);
      }
  });

  test('--help names every format', () => {
    const line = HELP.split('\n').find((l) => l.includes('--format F'))!;
    for (const format of FORMATS) expect(line).toContain(format);
  });

  test('a machine format renders from the common input, text and json from the command', () => {
    const own = { text: () => 'TEXT', json: () => '{"own":true}' };
    const input = () => {
      throw new Error('not asked for');
    };
    expect(REPORTERS.text.render(own, input)).toBe('TEXT');
    expect(REPORTERS.json.render(own, input)).toBe('{"own":true}');
    for (const format of FORMATS.filter((f) => f !== 'text' && f !== 'json'))
      expect(() => REPORTERS[format].render(own, input)).toThrow('not asked for');
  });
});
