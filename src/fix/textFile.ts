import { FIX_MSG } from '../messages';
import { EditRefused } from './yamlEdits';

/**
 * A file's text as the edits see it (LF line ends, no BOM) and how to write it back as it was: a BOM stays,
 * CRLF stays CRLF. A file mixing line ends is not edited (which end a new line takes is not derivable).
 */
export interface TextFile {
  text: string;
  bom: boolean;
  crlf: boolean;
}

export function readText(bytes: Buffer, file: string): TextFile {
  let text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').compare(bytes) !== 0) throw new EditRefused(FIX_MSG.cannotEdit(file, 'it is not UTF-8'));
  const bom = text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const crlfs = (text.match(/\r\n/g) ?? []).length;
  const lfs = (text.match(/\n/g) ?? []).length;
  if (crlfs && crlfs !== lfs) throw new EditRefused(FIX_MSG.cannotEdit(file, 'it mixes CRLF and LF line ends'));
  if (/\r(?!\n)/.test(text)) throw new EditRefused(FIX_MSG.cannotEdit(file, 'it has bare CR line ends'));
  return { text: crlfs ? text.replace(/\r\n/g, '\n') : text, bom, crlf: crlfs > 0 };
}

export function writeText(t: TextFile, text: string): Buffer {
  const body = t.crlf ? text.replace(/\n/g, '\r\n') : text;
  return Buffer.from(t.bom ? `\uFEFF${body}` : body, 'utf8');
}
