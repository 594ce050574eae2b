import { JOB_STATUSES } from '@orcaops/contracts';
import { COMMANDS, OPTIONS } from '../cli-args.js';
import { writeOut, type CliIo } from '../cli-io.js';
import type { CompletionFlags } from '../human-args.js';

/**
 * `orcaops completion bash|zsh|fish`: a completion script made from the same command and option tables the parser
 * uses, so it cannot offer what the parser refuses. Job ids, sandbox names and tool names are asked of orcaops
 * itself when completing (`orcaops jobs -q`, `orcaops sandbox list -q`, `orcaops tools -q`).
 */
export async function completionCommand(flags: CompletionFlags, io: CliIo): Promise<number> {
  await writeOut(io.stdout, completionScript(flags.shell));
  return 0;
}

type Source = 'jobs' | 'sandboxes' | 'tools' | 'files' | readonly string[];

/** What a positional argument is, by command, the first positional after it (its action), and position. */
const POSITIONALS: readonly { readonly command: string; readonly action?: string; readonly at: number | 'rest'; readonly source: Source }[] = [
  { command: 'logs', at: 0, source: 'jobs' },
  { command: 'cancel', at: 'rest', source: 'jobs' },
  { command: 'artifacts', at: 0, source: 'jobs' },
  { command: 'artifacts', at: 1, source: ['get'] },
  { command: 'call', at: 0, source: 'tools' },
  { command: 'sandbox', at: 0, source: ['list', 'templates', 'create', 'up', 'down', 'exec'] },
  { command: 'sandbox', action: 'up', at: 1, source: 'sandboxes' },
  { command: 'sandbox', action: 'down', at: 1, source: 'sandboxes' },
  { command: 'sandbox', action: 'exec', at: 1, source: 'sandboxes' },
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
  tools: 'orcaops tools -q 2>/dev/null',
} as const;

type OptionSpec = { readonly type: 'string' | 'boolean'; readonly short?: string };
const options = OPTIONS as Readonly<Record<string, OptionSpec>>;
const commandNames = [...Object.keys(COMMANDS), 'mcp'];

/** The flags a command takes, long and short, with --help. */
function flagsOf(command: string): string[] {
  const names: readonly string[] = command === 'mcp' ? ['config', 'debug', 'read-only'] : (COMMANDS as Record<string, { options: readonly string[] }>)[command]!.options;
  return [...names, 'help'].flatMap((name) => [`--${name}`, ...(options[name]?.short ? [`-${options[name].short}`] : [])]);
}

/** Options that take a value: the word after one is its value, not a positional argument. */
function valueOptions(): string[] {
  return Object.entries(options)
    .filter(([, spec]) => spec.type === 'string')
    .flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])]);
}

export function completionScript(shell: CompletionFlags['shell']): string {
  return shell === 'fish' ? fishScript() : shell === 'zsh' ? `#compdef orcaops\n# zsh: bash-style completion through bashcompinit.\nautoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n${bashScript()}` : bashScript();
}

function bashWords(source: Source): string {
  if (source === 'files') return 'COMPREPLY=($(compgen -f -- "$cur"))';
  if (typeof source === 'string') return `COMPREPLY=($(compgen -W "$(${DYNAMIC[source as keyof typeof DYNAMIC]})" -- "$cur"))`;
  return `COMPREPLY=($(compgen -W "${source.join(' ')}" -- "$cur"))`;
}

function bashScript(): string {
  const valueCases = Object.entries(OPTION_VALUES).map(([name, source]) => `    --${name}${options[name]?.short ? `|-${options[name].short}` : ''}) ${bashWords(source)}; return ;;`);
  const flagCases = commandNames.map((command) => `    ${command}) opts="${flagsOf(command).join(' ')}" ;;`);
  const positionalCases = POSITIONALS.map(({ command, action, at, source }) => `    ${command}:${action ?? '*'}:${at === 'rest' ? (action ? '[1-9]*' : '*') : at}) ${bashWords(source)} ;;`);
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
  case "$prev" in
${valueCases.join('\n')}
  esac
  # The positional arguments before the word being completed; a value option's value is not one.
  for ((i = 2; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if [[ $word == -- ]]; then positional+=("--"); continue; fi
    if [[ $word == -* ]]; then
      case " ${valueOptions().join(' ')} " in *" $word "*) ((i++)) ;; esac
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
    const names: readonly string[] = command === 'mcp' ? ['config', 'debug', 'read-only'] : (COMMANDS as Record<string, { options: readonly string[] }>)[command]!.options;
    for (const name of names) {
      const spec = options[name]!;
      const values = OPTION_VALUES[name];
      const argument = spec.type === 'boolean' ? '' : values === 'files' ? ' -r -F' : values ? ` -x -a '${(values as readonly string[]).join(' ')}'` : ' -x';
      lines.push(`complete -c orcaops -n '__fish_seen_subcommand_from ${command}' -l ${name}${spec.short ? ` -s ${spec.short}` : ''}${argument}`);
    }
  }
  for (const { command, action, source } of POSITIONALS) {
    const when = action ? `__fish_seen_subcommand_from ${command}; and __fish_seen_subcommand_from ${action}` : `__fish_seen_subcommand_from ${command}`;
    const words = typeof source === 'string' ? (source === 'files' ? null : `(${DYNAMIC[source as keyof typeof DYNAMIC]})`) : (source as readonly string[]).join(' ');
    if (words !== null) lines.push(`complete -c orcaops -n '${when}' -a '${words}'`);
  }
  return `${lines.join('\n')}\n`;
}
