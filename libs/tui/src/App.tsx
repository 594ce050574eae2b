import { useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import { Header } from './Header.js';
import { KeyHints, type HintMode } from './KeyHints.js';
import { splitKeys } from './keys.js';
import { ContainersView } from './ContainersView.js';
import { ResultView } from './ResultView.js';
import { RunDetail } from './RunDetail.js';
import { RunList } from './RunList.js';
import { SandboxesView } from './SandboxesView.js';
import { formFields } from './form-fields.js';
import { readForm } from './form-values.js';
import { FormView } from './FormView.js';
import { needsConfirmation, runsWithoutForm } from './tool-policy.js';
import { ToolList, type ToolGroup } from './ToolList.js';
import type { InputIssue, TuiCatalog, TuiInvoker, TuiTool } from './types.js';
import { useConfirmation } from './useConfirmation.js';
import { useForm } from './useForm.js';
import { useTerminalRows } from './useTerminalRows.js';
import { useToolCall } from './useToolCall.js';

export interface AppProps {
  readonly catalog: TuiCatalog;
  readonly invoker: TuiInvoker;
  /** Shown in the header; passed in so the TUI does not depend on the kernel package. */
  readonly version: string;
  /** Start-up warnings worth seeing (e.g. plugins that failed to load), one line each under the header. */
  readonly notices?: readonly string[];
  /** Called when the user quits, just before the app exits. */
  readonly onQuit?: () => void;
  /** Overrides the terminal height (tests); by default the screen's rows, or unlimited when there is no screen. */
  readonly rows?: number;
  /**
   * How often the Jobs, Sandboxes and Containers views ask again while something changes (a job runs, a sandbox
   * starts, an action runs); five times less often otherwise (default 2 s; tests use less).
   */
  readonly refreshMs?: number;
}

/** The tool list, a tool's form, a tool's result, the Jobs list, one job, the Sandboxes view, the Containers view. */
type View = 'list' | 'form' | 'result' | 'jobs' | 'job' | 'sandboxes' | 'containers';

/** The keys that open a view from anywhere. */
const VIEW_KEYS: Readonly<Record<string, View>> = { J: 'jobs', S: 'sandboxes', C: 'containers' };
/** Views that handle their own keys (all but the tool list and the result). */
const SELF_KEYED: ReadonlySet<View> = new Set(['jobs', 'job', 'sandboxes', 'containers']);

/** The list tools the Jobs view can use, in order of preference. */
const RUN_LIST_TOOLS = ['orcaops_list_runs', 'orcaops_list_jobs'] as const;
const DEFAULT_REFRESH_MS = 2000;

/** Rows taken by everything but the body: header, blank, blank, footer, and one spare (see below). */
const CHROME_ROWS = 5;

/**
 * The tool browser: the catalog grouped by category; Enter runs a read-only tool that needs no input and shows the
 * result, and opens a form from the tool's input for any other tool (e opens it for any tool), asking before
 * running one that changes things; J opens the Jobs view (recent runs, then one run with its logs), S the
 * Sandboxes view and C the Containers view; Esc goes back; q quits. View and selection are mirrored in refs
 * because several keys can arrive in one read (fast typing, tmux send-keys) and are all handled before React
 * re-renders with fresh state.
 *
 * Keys have one owner each: the App handles q, Ctrl+C, J, S and C everywhere but in a form (where letters are
 * typed), and the list, form and result keys; the other views handle their own (Ink gives every key to every
 * `useInput`, in no fixed order).
 */
export function App({ catalog, invoker, version, notices = [], onQuit, rows, refreshMs = DEFAULT_REFRESH_MS }: AppProps) {
  const { exit } = useApp();
  const groups = useMemo<ToolGroup[]>(() => [...catalog.byCategory()].map(([category, tools]) => ({ category, tools })), [catalog]);
  const tools = useMemo(() => groups.flatMap((group) => group.tools), [groups]);
  const toolsByName = useMemo(() => new Map(tools.map((tool) => [tool.name, tool])), [tools]);
  const runListTool = useMemo(() => RUN_LIST_TOOLS.find((name) => toolsByName.has(name)) ?? null, [toolsByName]);
  const call = useToolCall(invoker);
  const terminalRows = useTerminalRows();

  const [selected, setSelected] = useState(0);
  const [view, setView] = useState<View>('list');
  const form = useForm();
  const confirmation = useConfirmation();
  /** The run shown in the detail, and selected again when going back to the Jobs list. */
  const [jobId, setJobId] = useState<string | null>(null);
  /**
   * `formTool`: the tool whose form is open, or whose result came from its form (Esc goes back to it).
   * `formReturn`: where Esc in the form goes (the view that opened it). `openedByView`: set while the key with
   * which a view opened a form is still being delivered, so that it is not typed into the form as well.
   */
  const live = useRef({ selected: 0, view: 'list' as View, quit: false, formTool: null as TuiTool | null, formReturn: 'list' as View, openedByView: false });

  const select = (index: number) => {
    live.current.selected = Math.max(0, Math.min(tools.length - 1, index));
    setSelected(live.current.selected);
  };
  const show = (next: View) => {
    live.current.view = next;
    setView(next);
  };

  const openForm = (tool: TuiTool, texts: Readonly<Record<string, string>> = {}) => {
    live.current.formTool = tool;
    live.current.formReturn = live.current.view === 'form' || live.current.view === 'result' ? 'list' : live.current.view;
    form.open(formFields(tool.inputSchema), texts);
    show('form');
  };
  /** For the views: a tool of the catalog by name (one that is not loaded opens nothing). */
  const openFormOf = (name: string, texts?: Readonly<Record<string, string>>) => {
    const tool = toolsByName.get(name);
    if (!tool) return;
    openForm(tool, texts);
    // Ink hands each key to every useInput in no fixed order: the App's may still get the key that opened the form.
    live.current.openedByView = true;
    setImmediate(() => {
      live.current.openedByView = false;
    });
  };

  const submitForm = (tool: TuiTool) => {
    const state = form.current();
    if (state === null) return;
    const reading = readForm(state.fields, state.texts);
    if (!reading.ok) return form.showErrors(reading.errors);
    const checked = tool.input.safeParse(reading.args);
    if (!checked.success) return form.showErrors(errorsByField(checked.error?.issues ?? [{ path: [], message: 'The input is not valid.' }]));
    const run = () => {
      call.run(tool, reading.args);
      show('result');
    };
    if (!needsConfirmation(tool)) return run();
    confirmation.ask({ question: `Run ${tool.title}?`, detail: JSON.stringify(reading.args), verb: 'run', onConfirm: run });
  };

  const handleFormKey = (input: string, key: Key) => {
    const tool = live.current.formTool;
    if (tool === null || confirmation.handleKey(input, key)) return;
    const action = form.handleKey(input, key);
    if (action === 'submit') submitForm(tool);
    else if (action === 'cancel') {
      live.current.formTool = null;
      form.close();
      show(live.current.formReturn);
    }
  };

  const handleKey = (input: string, key: Key) => {
    if (live.current.quit) return;
    const typing = live.current.view === 'form';
    if ((input === 'q' && !typing) || (key.ctrl && input === 'c')) {
      live.current.quit = true;
      call.cancel();
      onQuit?.();
      exit();
      return;
    }
    if (typing) {
      if (!live.current.openedByView) handleFormKey(input, key);
      return;
    }
    const jump = VIEW_KEYS[input];
    if (jump) {
      // From anywhere to that view's list (a result's call still running is cancelled, as Esc does; leaving a
      // view aborts its calls). Already there, nothing happens, so a running action is not lost.
      if (live.current.view === 'result') call.cancel();
      if (live.current.view !== jump) show(jump);
      return;
    }
    // The other views handle their own keys.
    if (SELF_KEYED.has(live.current.view)) return;
    if (live.current.view === 'result') {
      // Ink reports the Backspace key of most terminals (0x7f) as `delete`.
      if (key.escape || key.backspace || key.delete) {
        call.cancel();
        show(live.current.formTool ? 'form' : 'list');
      }
      return;
    }
    if (key.upArrow || input === 'k') select(live.current.selected - 1);
    else if (key.downArrow || input === 'j') select(live.current.selected + 1);
    else if (key.return || input === 'e') {
      const tool = tools[live.current.selected];
      if (!tool) return;
      if (key.return && runsWithoutForm(tool)) {
        live.current.formTool = null;
        call.run(tool);
        show('result');
      } else openForm(tool);
    }
  };
  useInput((input, key) => {
    for (const [one, itsKey] of splitKeys(input, key)) handleKey(one, itsKey);
  });

  // Ink clears and repaints the whole screen once the output is as tall as the terminal, hence the spare row.
  const height = rows ?? terminalRows;
  const bodyHeight = height === undefined ? undefined : Math.max(4, height - CHROME_ROWS - notices.length);
  const mode: HintMode =
    view === 'result' ? (call.state.status === 'running' ? 'running' : 'result') : view === 'form' && confirmation.pending ? 'formConfirm' : view;
  // These draw their own footer: their keys depend on a confirmation or an action running inside them.
  const ownFooter = view === 'sandboxes' || view === 'containers' || view === 'job';
  const sized = bodyHeight === undefined ? {} : { height: bodyHeight };

  return (
    <Box flexDirection="column">
      <Header version={version} toolCount={tools.length} categoryCount={groups.length} />
      {notices.map((notice, index) => (
        <Text key={index} color="yellow" wrap="truncate-end">{`! ${notice}`}</Text>
      ))}
      <Box marginTop={1} flexDirection="column">
        {view === 'jobs' ? (
          <RunList
            invoker={invoker}
            tool={runListTool}
            refreshMs={refreshMs}
            initialJobId={jobId}
            onOpen={(id) => {
              setJobId(id);
              show('job');
            }}
            onBack={() => show('list')}
            {...sized}
          />
        ) : view === 'sandboxes' ? (
          <SandboxesView invoker={invoker} tools={toolsByName} refreshMs={refreshMs} onBack={() => show('list')} openForm={openFormOf} {...sized} />
        ) : view === 'containers' ? (
          <ContainersView invoker={invoker} tools={toolsByName} refreshMs={refreshMs} onBack={() => show('list')} openForm={openFormOf} {...sized} />
        ) : view === 'job' && jobId !== null ? (
          <RunDetail invoker={invoker} tools={toolsByName} jobId={jobId} refreshMs={refreshMs} onBack={() => show('jobs')} {...sized} />
        ) : view === 'form' && form.state && live.current.formTool ? (
          <FormView tool={live.current.formTool} form={form.state} confirmation={confirmation.pending} {...sized} />
        ) : view === 'list' || view === 'form' || call.state.status === 'idle' ? (
          <ToolList groups={groups} selected={selected} {...sized} />
        ) : (
          <ResultView state={call.state} {...sized} />
        )}
      </Box>
      {!ownFooter && (
        <Box marginTop={1}>
          <KeyHints mode={mode} />
        </Box>
      )}
    </Box>
  );
}

/** zod's issues by top-level field, the first one each; issues about the whole input go under ''. */
function errorsByField(issues: readonly InputIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    const where = issue.path.length > 1 ? `${issue.path.slice(1).map(String).join('.')}: ` : '';
    errors[field] ??= `${where}${issue.message}`;
  }
  return errors;
}
