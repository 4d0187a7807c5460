import type { CompletionModel, CompletionOption } from './completionModel';
import { byAction, caseArms, quoted, takesValue } from './shellWords';

/**
 * The zsh script: a `#compdef` function that works both from a folder of $fpath (as `_spine-hooks`)
 * and sourced. Commands and options are offered with their descriptions (`_describe`).
 */
export function zshCompletion(model: CompletionModel): string {
  const described = (options: readonly CompletionOption[]) =>
    options.flatMap((o) => [o.long, ...(o.short ? [o.short] : [])].map((w) => quoted(`${w}:${o.description}`))).join(' ');
  const general = described(model.options.filter((o) => !o.command));
  const optionArms = model.commands
    .filter((c) => model.options.some((o) => o.command === c.name))
    .map((c) => `    (${c.name}) opts+=(${described(model.options.filter((o) => o.command === c.name))}) ;;`);
  const valueArms = [...byAction(model.options.filter(takesValue), valueOf)].map(
    ([action, words]) => `    (${words.join('|')}) ${action} ;;`,
  );
  const argArms = model.commands.filter((c) => c.args.length).map((c) => `    (${c.name}) compadd -- ${c.args.join(' ')} ;;`);
  const commands = model.commands.map((c) => quoted(`${c.name}:${c.summary}`)).join(' ');
  return `#compdef spine-hooks
# zsh completion for spine-hooks (made by: spine-hooks completion zsh)
# Load it now:      source <(spine-hooks completion zsh)
# Or for good:      spine-hooks completion zsh > "\${fpath[1]}/_spine-hooks"   (then start a new shell)
_spine_hooks() {
  local cur=\${words[CURRENT]} prev=\${words[CURRENT-1]}
  local cmd= i w
  integer args=0
  for ((i = 2; i < CURRENT; i++)); do
    w=\${words[i]}
    case \${words[i-1]} in
${caseArms(model.options.filter(takesValue), '      (', ' continue ;;')}
    esac
    case $w in
      (-*) ;;
      (*) if [[ -z $cmd ]]; then cmd=$w; else args+=1; fi ;;
    esac
  done
  case $prev in
${valueArms.join('\n')}
  esac
  local -a opts cmds
  opts=(${general})
  case $cmd in
${optionArms.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    _describe -t options option opts
    return
  fi
  if [[ -z $cmd ]]; then
    cmds=(${commands})
    _describe -t commands command cmds
    return
  fi
  (( args > 0 )) && return 1
  case $cmd in
${argArms.join('\n')}
  esac
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
  _spine_hooks "$@"
else
  compdef _spine_hooks spine-hooks
fi
`;
}

function valueOf(o: CompletionOption): string {
  const v = o.value!;
  if (v === 'file') return '_files; return';
  if (v === 'dir') return '_files -/; return';
  if (v === 'text') return 'return 1';
  return `compadd -- ${v.words.join(' ')}; return`;
}
