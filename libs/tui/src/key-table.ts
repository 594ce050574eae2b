/**
 * Every screen's keys, in one table: the footer shows each entry's short label and the `?` overlay its longer
 * help, so the two can never disagree. The views' key handlers are the behaviour; when one changes, its entry here
 * changes with it (KeyHints.spec checks that every screen lists `?` and that filterable lists list `/`).
 */

/** Which keys do something right now; the footer never advertises a key that is ignored. */
export type HintMode =
  | 'home'
  | 'list'
  | 'form'
  | 'formConfirm'
  | 'running'
  | 'result'
  | 'jobs'
  | 'job'
  | 'activeJob'
  | 'sandboxes'
  | 'sandbox'
  | 'containers'
  | 'container'
  | 'confirm'
  | 'acting'
  | 'filter';

export interface KeyEntry {
  /** As the footer writes them: "↑↓/j k", "enter", "J". */
  readonly keys: string;
  /** The footer's word for it: "move". */
  readonly label: string;
  /** The help overlay's sentence, when the label says too little. */
  readonly help?: string;
}

const key = (keys: string, label: string, help?: string): KeyEntry => (help === undefined ? { keys, label } : { keys, label, help });

const QUIT = key('q', 'quit', 'quit (cancels running calls)');
const HELP = key('?', 'help', 'this help; any key closes it');
const FILTER = key('/', 'filter', 'filter the list: type to narrow, enter keeps the filter, esc clears it');
const VIEWS = [key('J', 'jobs', 'the Jobs view'), key('S', 'sandboxes', 'the Sandboxes view'), key('C', 'containers', 'the Containers view')];
const HOME = key('H', 'home', 'the dashboard');
const SCROLL = key('↑↓/j k pgup pgdn g G', 'scroll', 'scroll; G follows the end again');

export const KEY_TABLE: Readonly<Record<HintMode, readonly KeyEntry[]>> = {
  home: [HELP, key('t', 'tools', 'the tool list'), ...VIEWS, QUIT],
  list: [HELP, key('↑↓/j k', 'move'), key('enter', 'run', 'run a read-only tool that needs no input; otherwise open its form'), key('e', 'form', "open the tool's form"), FILTER, HOME, ...VIEWS, QUIT],
  form: [
    key('↑↓/tab', 'field'),
    key('type', 'to edit', 'every letter is text here: q, J, S, C and ? do not leave the form'),
    key('space/←→', 'choose', 'cycle a true/false or choice field'),
    key('ctrl+u', 'clear'),
    key('enter', 'run', 'check the input, then run it (asking first when it changes something)'),
    key('esc', 'back'),
  ],
  formConfirm: [key('y/enter', 'confirm'), key('n/esc', 'cancel'), key('ctrl+c', 'quit')],
  running: [HELP, key('esc', 'cancel', 'cancel the call'), ...VIEWS, QUIT],
  result: [HELP, key('esc', 'back'), SCROLL, HOME, ...VIEWS, QUIT],
  jobs: [HELP, key('↑↓/j k', 'select'), key('enter', 'open', 'open the run: steps and logs'), key('d', 'delete', 'delete the selected finished run with its logs and artifacts, after a confirmation'), FILTER, key('esc', 'back'), QUIT],
  job: [HELP, key('←→', 'step', 'logs of the whole job, or of one step'), key('↑↓/j k pgup pgdn g G', 'scroll logs'), key('esc', 'back'), QUIT],
  activeJob: [HELP, key('←→', 'step', 'logs of the whole job, or of one step'), key('↑↓/j k pgup pgdn g G', 'scroll logs'), key('c', 'cancel', 'cancel the job, after a confirmation'), key('esc', 'back'), QUIT],
  sandboxes: [
    HELP,
    key('↑↓/j k', 'select'),
    key('enter', 'open', 'open the sandbox: services and endpoints'),
    key('s', 'start', 'start the sandbox, after a confirmation'),
    key('x', 'stop', 'stop it, after a confirmation (v there also deletes its volumes)'),
    key('e', 'exec', 'the form to run a command in it'),
    key('n', 'new', 'the form to create a sandbox'),
    FILTER,
    key('esc', 'back'),
    QUIT,
  ],
  sandbox: [HELP, key('s', 'start'), key('x', 'stop'), key('e', 'exec'), key('↑↓/j k', 'scroll'), key('esc', 'back'), QUIT],
  containers: [
    HELP,
    key('↑↓/j k', 'select'),
    key('enter', 'logs'),
    key('a', 'all/running', 'all containers, or running ones only'),
    key('i', 'inspect', 'the inspect form for it'),
    key('x', 'stop', 'stop it, after a confirmation'),
    key('d', 'remove', 'remove it, after a confirmation (f forces a running one, v deletes its anonymous volumes)'),
    FILTER,
    key('esc', 'back'),
    QUIT,
  ],
  container: [HELP, key('↑↓/j k pgup pgdn g G', 'scroll logs'), key('i', 'inspect'), key('x', 'stop'), key('d', 'remove'), key('esc', 'back'), QUIT],
  confirm: [key('y/enter', 'confirm'), key('n/esc', 'cancel'), QUIT],
  acting: [key('esc', 'cancel', 'cancel the action; what it did so far stays done'), QUIT],
  filter: [key('type', 'to narrow', 'rows containing the text (any column, any case) stay'), key('backspace', 'erase'), key('enter', 'keep', 'keep the filter and use the list again'), key('esc', 'clear', 'clear the filter')],
};

/** The footer line of a screen. */
export function footerText(mode: HintMode): string {
  return KEY_TABLE[mode].map((entry) => `${entry.keys} ${entry.label}`).join(' · ');
}

/** Screens where the views' keys (H J S C) work besides their own; the footer leaves them out for room. */
const WITH_GLOBAL_KEYS: ReadonlySet<HintMode> = new Set(['home', 'list', 'result', 'jobs', 'job', 'activeJob', 'sandboxes', 'sandbox', 'containers', 'container']);

/** The help overlay's rows: the screen's keys and what each does, then the keys that work from anywhere. */
export function helpRows(mode: HintMode): ReadonlyArray<readonly [string, string]> {
  const own = KEY_TABLE[mode];
  const global = WITH_GLOBAL_KEYS.has(mode) ? [HOME, ...VIEWS].filter((entry) => !own.some((mine) => mine.keys === entry.keys)) : [];
  return [...own, ...global].map((entry) => [entry.keys, entry.help ?? entry.label] as const);
}
