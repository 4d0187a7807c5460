import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { CiProvider } from './ciTemplates';
import type { Git } from '../git/Git';
import type { InstallReport } from '../hooks/installHooks';
import { ConfigError } from '../registry/ConfigError';
import { addGitlabInclude } from './addGitlabInclude';
import { CI_MSG, INIT_MSG } from '../messages';
import { GITLAB_INCLUDED_FILE, WORKFLOW_FILE, ciTemplate, headerLine } from './ciTemplates';
import { readCiSetup } from './readCiSetup';
import { makeDirs } from '../cache/makeDirs';

/**
 * `init --ci <provider>`: writes the workflow at the git top level (where CI systems look for it,
 * whatever folder the project is in). A file that is there already is never overwritten: the same
 * text is "nothing changed", another text a note. GitLab: a .gitlab-ci.yml of the user's own keeps
 * its content and gets an include: of the job's own file instead.
 */
export function writeCiWorkflow(git: Git, projectDir: string, provider: CiProvider): InstallReport {
  const report: InstallReport = { changed: [], notes: [] };
  const setup = readCiSetup(git, projectDir, report.notes);
  const text = ciTemplate(provider, setup);
  const place = (rel: string) => placeFile(git.toplevel, rel, text, provider, setup.sub, report);
  const main = WORKFLOW_FILE[provider];
  const mainFile = path.join(git.toplevel, main);
  const existing = readText(mainFile, main);
  if (provider !== 'gitlab' || existing === undefined || existing.startsWith(headerLine(provider))) {
    place(main);
    return report;
  }
  place(GITLAB_INCLUDED_FILE);
  const edit = addGitlabInclude(existing, GITLAB_INCLUDED_FILE);
  if (edit.kind === 'added') {
    fs.writeFileSync(mainFile, edit.text);
    report.changed.push(CI_MSG.includeAdded(main, edit.line));
  } else if (edit.kind === 'by-hand') {
    report.notes.push(CI_MSG.includeByHand(main, edit.why, GITLAB_INCLUDED_FILE));
  }
  if (lacksStage(existing, 'test')) report.notes.push(CI_MSG.stageMissing(main, GITLAB_INCLUDED_FILE));
  return report;
}

/** Writes `rel` unless it exists; an existing file that differs only gets a note. */
function placeFile(top: string, rel: string, text: string, provider: CiProvider, sub: string, report: InstallReport): void {
  const file = path.join(top, rel);
  const existing = readText(file, rel);
  if (existing !== undefined) {
    // A checkout with core.autocrlf turns the file's line ends into CRLF: that is not an edit.
    if (existing.replace(/\r\n/g, '\n') !== text) report.notes.push(CI_MSG.differs(rel, provider));
    return;
  }
  makeDirs(path.dirname(file));
  fs.writeFileSync(file, text);
  report.changed.push(CI_MSG.wrote(rel, sub));
}

function readText(file: string, rel: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  if (!fs.statSync(file).isFile()) throw new ConfigError(INIT_MSG.notAFile(rel));
  return fs.readFileSync(file, 'utf8');
}

/** A top-level `stages:` list without `stage`: a job that uses that stage breaks the pipeline. */
function lacksStage(text: string, stage: string): boolean {
  const docs = parseAllDocuments(text);
  const last = Array.isArray(docs) ? docs.at(-1) : undefined;
  if (!last || last.errors.length > 0) return false;
  const stages = (last.toJS() as { stages?: unknown } | null)?.stages;
  return Array.isArray(stages) && !stages.includes(stage);
}
