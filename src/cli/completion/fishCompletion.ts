import type { CompletionModel, CompletionOption } from './completionModel';

/**
 * The fish script: one `complete` line per command, argument word and option. A command is offered
 * until one is on the line; an option of one command alone only after that command.
 */
export function fishCompletion(model: CompletionModel): string {
  const names = model.commands.map((c) => c.name).join(' ');
  const lines = [
    '# fish completion for spine-hooks (made by: spine-hooks completion fish)',
    '# Load it now:      spine-hooks completion fish | source',
    '# Or for good:      spine-hooks completion fish > ~/.config/fish/completions/spine-hooks.fish',
    'complete -c spine-hooks -f',
    ...model.commands.map(
      (c) => `complete -c spine-hooks -n 'not __fish_seen_subcommand_from ${names}' -a ${c.name} -d ${fishQuoted(c.summary)}`,
    ),
    ...model.commands.flatMap((c) =>
      c.args.map(
        (a) =>
          `complete -c spine-hooks -n '__fish_seen_subcommand_from ${c.name}; and not __fish_seen_subcommand_from ${c.args.join(' ')}' -a ${a}`,
      ),
    ),
    ...model.options.map((o) => optionLine(o)),
  ];
  return `${lines.join('\n')}\n`;
}

function optionLine(o: CompletionOption): string {
  const parts = ['complete -c spine-hooks'];
  if (o.command) parts.push(`-n '__fish_seen_subcommand_from ${o.command}'`);
  parts.push(`-l ${o.long.slice(2)}`);
  if (o.short) parts.push(`-s ${o.short.slice(1)}`);
  const v = o.value;
  if (v === 'file') parts.push('-r -F');
  else if (v === 'dir') parts.push("-x -a '(__fish_complete_directories)'");
  else if (v === 'text') parts.push('-x');
  else if (v) parts.push(`-x -a ${fishQuoted(v.words.join(' '))}`);
  if (o.description) parts.push(`-d ${fishQuoted(o.description)}`);
  return parts.join(' ');
}

/** Text in fish's single quotes, where a backslash escapes only a quote or a backslash. */
function fishQuoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
