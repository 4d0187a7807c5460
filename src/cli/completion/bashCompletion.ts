import type { CompletionModel, CompletionOption } from './completionModel';
import { byAction, caseArms, optionWords, takesValue } from './shellWords';

/**
 * The bash script (`complete -F`): the command word first, then per command its argument words and
 * options; after an option that takes a value, that value (fixed words, a file, a folder, or nothing).
 */
export function bashCompletion(model: CompletionModel): string {
  const commands = model.commands.map((c) => c.name).join(' ');
  const forCommand = (name: string) => optionWords(model.options.filter((o) => !o.command || o.command === name));
  const general = optionWords(model.options.filter((o) => !o.command));
  const valueArms = [...byAction(model.options.filter(takesValue), valueOf)].map(
    ([action, words]) => `    ${words.join('|')}) ${action} ;;`,
  );
  const argArms = model.commands.filter((c) => c.args.length).map((c) => `    ${c.name}) words="${c.args.join(' ')}" ;;`);
  const optionArms = model.commands
    .filter((c) => model.options.some((o) => o.command === c.name))
    .map((c) => `    ${c.name}) opts="${forCommand(c.name)}" ;;`);
  return `# bash completion for spine-hooks (made by: spine-hooks completion bash)
# Load it now:      source <(spine-hooks completion bash)
# Or for good:      spine-hooks completion bash > ~/.local/share/bash-completion/completions/spine-hooks
_spine_hooks() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]}
  local cmd="" args=0 i w
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    case \${COMP_WORDS[i-1]} in
${caseArms(model.options.filter(takesValue), '      ', ' continue ;;')}
    esac
    case $w in
      -*) ;;
      *) if [ -z "$cmd" ]; then cmd=$w; else args=$((args + 1)); fi ;;
    esac
  done
  case $prev in
${valueArms.join('\n')}
  esac
  local opts="${general}" words=""
  case $cmd in
${optionArms.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  if [ -z "$cmd" ]; then
    COMPREPLY=($(compgen -W "${commands}" -- "$cur"))
    return
  fi
  [ "$args" -gt 0 ] && return
  case $cmd in
${argArms.join('\n')}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _spine_hooks spine-hooks
`;
}

function valueOf(o: CompletionOption): string {
  const v = o.value!;
  // compopt -o filenames: folders get their slash, names with spaces their quoting.
  if (v === 'file') return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return';
  if (v === 'dir') return 'compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return';
  if (v === 'text') return 'COMPREPLY=(); return';
  return `COMPREPLY=($(compgen -W "${v.words.join(' ')}" -- "$cur")); return`;
}
