import { parseYaml, type ParsedYaml } from './parseYaml';
import { parseMarkdown, type MarkdownDoc } from './parseMarkdown';

export type FileContent = { kind: 'missing' } | { kind: 'binary' } | { kind: 'text'; text: string };

/** One file of a snapshot, decoded once and parsed lazily (at most once per format). */
export class SourceFile {
  readonly content: FileContent;
  private yamlCache?: ParsedYaml;
  private markdownCache?: MarkdownDoc;

  constructor(
    readonly path: string,
    bytes: Buffer | undefined,
  ) {
    this.content = decode(bytes);
  }

  get exists(): boolean {
    return this.content.kind !== 'missing';
  }

  yaml(): ParsedYaml {
    if (this.content.kind !== 'text') throw new Error(`${this.path} is ${this.content.kind}`);
    return (this.yamlCache ??= parseYaml(this.content.text));
  }

  markdown(): MarkdownDoc {
    if (this.content.kind !== 'text') throw new Error(`${this.path} is ${this.content.kind}`);
    return (this.markdownCache ??= parseMarkdown(this.content.text));
  }
}

function decode(bytes: Buffer | undefined): FileContent {
  if (bytes === undefined) return { kind: 'missing' };
  // A NUL byte in the first 8000 bytes is git's own test for "binary".
  if (bytes.subarray(0, 8000).includes(0)) return { kind: 'binary' };
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM
  return { kind: 'text', text };
}
