import { JOB_STATUSES } from '@orcaops/contracts';
import { COMMANDS, OPTIONS } from '../cli-args.js';
import { writeOut, type CliIo } from '../cli-io.js';
import type { CompletionFlags } from '../human-args.js';

/**
 * `orcaops completion bash|zsh|fish`: a completion script made from the same command and option tables the parser
 * uses, so it cannot offer what the parser refuses. Job ids, sandbox names and tool names are asked of orcaops
 * itself when completing (`orcaops jobs -q`, `orcaops sandbox list -q`, `orcaops sandbox templates -q`, `orcaops tools -q`).
 */
export async function completionCommand(flags: CompletionFlags, io: CliIo): Promise<number> {
  await writeOut(io.stdout, completionScript(flags.shell));
  return 0;
}

type Source = 'jobs' | 'sandboxes' | 'templates' | 'tools' | 'files' | readonly string[];

/** What a positional argument is, by command, the first positional after it (its action), and position. */
const POSITIONALS: readonly { readonly command: string; readonly action?: string; readonly at: number | 'rest'; readonly source: Source }[] = [
  { command: 'logs', at: 0, source: 'jobs' },
  { command: 'cancel', at: 'rest', source: 'jobs' },
  { command: 'artifacts', at: 0, source: 'jobs' },
  { command: 'artifacts', at: 1, source: ['get'] },
  { command: 'call', at: 0, source: 'tools' },
  { command: 'sandbox', at: 0, source: ['list', 'templates', 'create', 'up', 'down', 'exec', 'remove'] },
  { command: 'sandbox', action: 'create', at: 1, source: 'templates' },
  { command: 'sandbox', action: 'up', at: 1, source: 'sandboxes' },
  { command: 'sandbox', action: 'down', at: 1, source: 'sandboxes' },
  { command: 'sandbox', action: 'exec', at: 1, source: 'sandboxes' },
  { command: 'sandbox', action: 'remove', at: 1, source: 'sandboxes' },
  { command: 'runs', at: 0, source: ['cleanup', 'delete'] },
  { command: 'runs', action: 'delete', at: 'rest', source: 'jobs' },
  { command: 'keys', at: 0, source: ['create', 'list', 'revoke'] },
  { command: 'secrets', at: 0, source: ['set', 'list', 'remove'] },
  { command: 'plugin', at: 0, source: ['new'] },
  { command: 'completion', at: 0, source: ['bash', 'zsh', 'fish'] },
];

/** The values an option takes, where they are a known set (or files). */
const OPTION_VALUES: Readonly<Record<string, Source>> = {
  stream: ['stdout', 'stderr', 'both'],
  status: JOB_STATUSES,
  wait: ['healthy', 'running', 'none'],
  scope: ['read', 'run', 'admin'],
  preset: ['all', 'read-only', 'jobs', 'gpt'],
  config: 'files',
  input: 'files',
  dir: 'files',
  output: 'files',
  workdir: 'files',
};

const DYNAMIC = {
  jobs: 'orcaops jobs -q --limit 50 2>/dev/null',
  sandboxes: 'orcaops sandbox list -q 2>/dev/null',
  templates: 'orcaops sandbox templates -q 2>/dev/null',
  tools: 'orcaops tools -q 2>/dev/null',
} as const;

type OptionSpec = { readonly type: 'string' | 'boolean'; readonly short?: string };
const options = OPTIONS as Readonly<Record<string, OptionSpec>>;
const commandNames = [...Object.keys(COMMANDS), 'mcp'];

/** The options a command takes (`mcp` is started by the bin, with the kernel's options). */
function optionsOf(command: string): readonly string[] {
  return command === 'mcp' ? ['config', 'debug', 'read-only'] : (COMMANDS as Record<string, { options: readonly string[] }>)[command]!.options;
}

/** An option as typed: `--name`, and `-x` too when it has a short form. */
function spellings(name: string): string[] {
  return [`--${name}`, ...(options[name]?.short ? [`-${options[name].short}`] : [])];
}

export function completionScript(shell: CompletionFlags['shell']): string {
  if (shell === 'fish') return fishScript();
  if (shell === 'bash') return bashScript();
  // zsh runs the bash function through bashcompinit; compinit only if the user's setup has not run it already.
  return `#compdef orcaops
# orcaops shell completion (zsh). Load with: source <(orcaops completion zsh)
(( $+functions[compdef] )) || { autoload -U +X compinit && compinit -i }
autoload -U +X bashcompinit && bashcompinit
${bashScript()}`;
}

/** Sets COMPREPLY to the words of `source` that start with the word being completed. */
function bashWords(source: Source): string {
  // File names may hold spaces: one per line into the array, and told to readline as file names (a / after a directory).
  if (source === 'files') return 'compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur")';
  if (typeof source === 'string') return `COMPREPLY=($(compgen -W "$(${DYNAMIC[source as keyof typeof DYNAMIC]})" -- "$cur"))`;
  return `COMPREPLY=($(compgen -W "${source.join(' ')}" -- "$cur"))`;
}

function bashScript(): string {
  // An option's values are offered only after an option the command takes: "command:--option" patterns.
  const valueCases = Object.entries(OPTION_VALUES).flatMap(([name, source]) => {
    const patterns = commandNames.filter((command) => optionsOf(command).includes(name)).flatMap((command) => spellings(name).map((spelled) => `${command}:${spelled}`));
    return patterns.length === 0 ? [] : [`    ${patterns.join('|')}) ${bashWords(source)}; return ;;`];
  });
  const flagCases = commandNames.map((command) => `    ${command}) opts="${[...optionsOf(command), 'help'].flatMap(spellings).join(' ')}" ;;`);
  const positionalCases = POSITIONALS.map(({ command, action, at, source }) => `    ${command}:${action ?? '*'}:${at === 'rest' ? (action ? '[1-9]*' : '*') : at}) ${bashWords(source)} ;;`);
  const valueOptions = Object.entries(options).filter(([, spec]) => spec.type === 'string').flatMap(([name]) => spellings(name));
  return `# orcaops shell completion (bash). Load with: source <(orcaops completion bash)
_orcaops() {
  local cur prev cmd word n=0 i opts
  local -a positional=()
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  COMPREPLY=()
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${commandNames.join(' ')} --help --version" -- "$cur"))
    return
  fi
  case "$cmd:$prev" in
${valueCases.join('\n')}
  esac
  # The positional arguments before the word being completed; a value option's value is not one. After "--" come
  # the words of the command a job or sandbox runs: file names.
  for ((i = 2; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if [[ $word == -- ]]; then ${bashWords('files')}; return; fi
    if [[ $word == -* ]]; then
      case " ${valueOptions.join(' ')} " in *" $word "*) ((i++)) ;; esac
      continue
    fi
    positional+=("$word")
  done
  n=\${#positional[@]}
  if [[ $cur == -* ]]; then
    case "$cmd" in
${flagCases.join('\n')}
      *) opts="--help" ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  case "$cmd:\${positional[0]:-}:$n" in
${positionalCases.join('\n')}
  esac
}
complete -F _orcaops orcaops
`;
}

function fishScript(): string {
  const lines = [
    '# orcaops shell completion (fish). Load with: orcaops completion fish | source',
    'complete -c orcaops -f',
    `complete -c orcaops -n __fish_use_subcommand -a '${commandNames.join(' ')}'`,
  ];
  for (const command of commandNames) {
    for (const name of optionsOf(command)) {
      const spec = options[name]!;
      const values = OPTION_VALUES[name];
      const argument = spec.type === 'boolean' ? '' : values === 'files' ? ' -r -F' : values ? ` -x -a '${(values as readonly string[]).join(' ')}'` : ' -x';
      lines.push(`complete -c orcaops -n '__fish_seen_subcommand_from ${command}' -l ${name}${spec.short ? ` -s ${spec.short}` : ''}${argument}`);
    }
  }
  // Where a positional goes: its command, then (for a fixed position) that it is the next word, counting the words
  // before it (orcaops COMMAND ARG…: fish counts COMMAND as the first, so the first argument is the second).
  for (const { command, action, at, source } of POSITIONALS) {
    const conditions = [`__fish_seen_subcommand_from ${command}`];
    if (action) conditions.push(`__fish_seen_subcommand_from ${action}`);
    if (at !== 'rest') conditions.push(`__fish_is_nth_token ${at + 2}`);
    const words = typeof source === 'string' ? (source === 'files' ? null : `(${DYNAMIC[source as keyof typeof DYNAMIC]})`) : (source as readonly string[]).join(' ');
    if (words !== null) lines.push(`complete -c orcaops -n '${conditions.join('; and ')}' -a '${words}'`);
  }
  return `${lines.join('\n')}\n`;
}
