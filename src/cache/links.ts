import * as fs from 'node:fs';

/** Whether `p` is itself a symbolic link (not followed). */
export function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Whether `p` is a folder and not a link to one. */
export function realFolder(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}
