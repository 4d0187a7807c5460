import { completionModel, type CommandEntry } from './completionModel';
import { bashCompletion } from './bashCompletion';
import { zshCompletion } from './zshCompletion';
import { fishCompletion } from './fishCompletion';
import { OPTIONS } from '../options';
import { HELP } from '../helpText';
import type { Shell } from './shells';

const WRITERS: Record<Shell, typeof bashCompletion> = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion };

/** The completion script of a shell, generated from the command table, the options and the help. */
export function completionScript(shell: Shell, commands: Readonly<Record<string, CommandEntry>>): string {
  return WRITERS[shell](completionModel(commands, OPTIONS, HELP));
}
