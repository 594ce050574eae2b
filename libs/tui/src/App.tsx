import { useMemo, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import { Dashboard } from './Dashboard.js';
import { FilterLine, filterRows } from './FilterLine.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { KeyGateContext, type KeyGate } from './key-gate.js';
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
import { useFilter } from './useFilter.js';
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
  /** The first screen: the dashboard (default) or the tool list. */
  readonly initialView?: 'home' | 'list';
}

/** The dashboard, the tool list, a tool's form, a tool's result, the Jobs list, one job, the Sandboxes and Containers views. */
type View = 'home' | 'list' | 'form' | 'result' | 'jobs' | 'job' | 'sandboxes' | 'containers';

/** The keys that open a view from anywhere. */
const VIEW_KEYS: Readonly<Record<string, View>> = { H: 'home', J: 'jobs', S: 'sandboxes', C: 'containers' };
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
export function App({ catalog, invoker, version, notices = [], onQuit, rows, refreshMs = DEFAULT_REFRESH_MS, initialView = 'home' }: AppProps) {
  const { exit } = useApp();
  const allGroups = useMemo<ToolGroup[]>(() => [...catalog.byCategory()].map(([category, tools]) => ({ category, tools })), [catalog]);
  const allTools = useMemo(() => allGroups.flatMap((group) => group.tools), [allGroups]);
  const toolsByName = useMemo(() => new Map(allTools.map((tool) => [tool.name, tool])), [allTools]);
  // `/` in the tool list narrows it by name, title or category; the selection indexes the narrowed list.
  const toolFilter = useFilter();
  const groups = allGroups
    .map((group) => ({ category: group.category, tools: toolFilter.apply(group.tools, (tool) => [tool.name, tool.title, tool.category]) }))
    .filter((group) => group.tools.length > 0);
  const tools = groups.flatMap((group) => group.tools);
  // Shared with the views: whether they hear keys (not while the help is open), and whether they take typed text.
  const gateScreen = useRef<KeyGate['screen']>({ mode: initialView, typing: false }).current;
  const [help, setHelp] = useState(false);
  const gate = useMemo<KeyGate>(() => ({ active: !help, screen: gateScreen }), [help, gateScreen]);
  const runListTool = useMemo(() => RUN_LIST_TOOLS.find((name) => toolsByName.has(name)) ?? null, [toolsByName]);
  const call = useToolCall(invoker);
  const terminalRows = useTerminalRows();

  const [selected, setSelected] = useState(0);
  const [view, setView] = useState<View>(initialView);
  const form = useForm();
  const confirmation = useConfirmation();
  /** The run shown in the detail, and selected again when going back to the Jobs list. */
  const [jobId, setJobId] = useState<string | null>(null);
  /**
   * `formTool`: the tool whose form is open, or whose result came from its form (Esc goes back to it).
   * `formReturn`: where Esc in the form goes (the view that opened it). `openedByView`: set while the key with
   * which a view opened a form is still being delivered, so that it is not typed into the form as well.
   */
  const live = useRef({
    selected: 0,
    view: initialView as View,
    /** Where Esc from a view goes: the dashboard or the tool list, whichever was shown last. */
    hub: initialView as View,
    help: false,
    quit: false,
    formTool: null as TuiTool | null,
    formReturn: initialView as View,
    openedByView: false,
  });

  const select = (index: number) => {
    live.current.selected = Math.max(0, Math.min(tools.length - 1, index));
    setSelected(live.current.selected);
  };
  const show = (next: View) => {
    live.current.view = next;
    if (next === 'home' || next === 'list') live.current.hub = next;
    setView(next);
  };
  const back = () => show(live.current.hub);
  const showHelp = (open: boolean) => {
    live.current.help = open;
    setHelp(open);
  };

  const openForm = (tool: TuiTool, texts: Readonly<Record<string, string>> = {}) => {
    live.current.formTool = tool;
    live.current.formReturn = live.current.view === 'form' || live.current.view === 'result' ? live.current.hub : live.current.view;
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
    // Letters are text in a form and in a filter being typed (the tool list's, or a view's).
    const typing = live.current.view === 'form' || gateScreen.typing || (live.current.view === 'list' && toolFilter.typing);
    if ((input === 'q' && !typing && !live.current.help) || (key.ctrl && input === 'c')) {
      live.current.quit = true;
      call.cancel();
      onQuit?.();
      exit();
      return;
    }
    if (live.current.help) {
      // Any key closes the help, and does nothing else.
      showHelp(false);
      return;
    }
    if (live.current.view === 'form') {
      if (!live.current.openedByView) handleFormKey(input, key);
      return;
    }
    if (live.current.view === 'list' && toolFilter.handleKey(input, key)) {
      select(0);
      return;
    }
    if (typing) return;
    if (input === '?') {
      showHelp(true);
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
    if (live.current.view === 'home') {
      if (input === 't' || key.return) show('list');
      return;
    }
    if (live.current.view === 'result') {
      // Ink reports the Backspace key of most terminals (0x7f) as `delete`.
      if (key.escape || key.backspace || key.delete) {
        call.cancel();
        show(live.current.formTool ? 'form' : live.current.hub);
      }
      return;
    }
    if (key.escape && initialView === 'home') {
      show('home');
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
    view === 'result'
      ? call.state.status === 'running'
        ? 'running'
        : 'result'
      : view === 'form' && confirmation.pending
        ? 'formConfirm'
        : view === 'list' && toolFilter.typing
          ? 'filter'
          : view;
  // These draw their own footer: their keys depend on a confirmation or an action running inside them.
  const ownFooter = view === 'sandboxes' || view === 'containers' || view === 'job' || view === 'jobs';
  const sized = bodyHeight === undefined ? {} : { height: bodyHeight };

  return (
    <KeyGateContext.Provider value={gate}>
    <Box flexDirection="column">
      <Header version={version} toolCount={allTools.length} categoryCount={allGroups.length} />
      {notices.map((notice, index) => (
        <Text key={index} color="yellow" wrap="truncate-end">{`! ${notice}`}</Text>
      ))}
      {help && (
        <Box marginTop={1} flexDirection="column">
          <HelpOverlay mode={gateScreen.mode} height={bodyHeight} />
        </Box>
      )}
      {/* Hidden, not unmounted, under the help: the view keeps its selection and its polling. */}
      <Box marginTop={1} flexDirection="column" display={help ? 'none' : 'flex'}>
        {view === 'home' ? (
          <Dashboard invoker={invoker} tools={toolsByName} refreshMs={refreshMs} height={bodyHeight} />
        ) : view === 'jobs' ? (
          <RunList
            invoker={invoker}
            tool={runListTool}
            tools={toolsByName}
            refreshMs={refreshMs}
            initialJobId={jobId}
            onOpen={(id) => {
              setJobId(id);
              show('job');
            }}
            onBack={back}
            {...sized}
          />
        ) : view === 'sandboxes' ? (
          <SandboxesView invoker={invoker} tools={toolsByName} refreshMs={refreshMs} onBack={back} openForm={openFormOf} {...sized} />
        ) : view === 'containers' ? (
          <ContainersView invoker={invoker} tools={toolsByName} refreshMs={refreshMs} onBack={back} openForm={openFormOf} {...sized} />
        ) : view === 'job' && jobId !== null ? (
          <RunDetail invoker={invoker} tools={toolsByName} jobId={jobId} refreshMs={refreshMs} onBack={() => show('jobs')} {...sized} />
        ) : view === 'form' && form.state && live.current.formTool ? (
          <FormView tool={live.current.formTool} form={form.state} confirmation={confirmation.pending} {...sized} />
        ) : view === 'list' || view === 'form' || call.state.status === 'idle' ? (
          <Box flexDirection="column">
            <FilterLine filter={toolFilter} shown={tools.length} total={allTools.length} />
            <ToolList groups={groups} selected={Math.min(selected, Math.max(0, tools.length - 1))} filtered={allTools.length > tools.length} {...(bodyHeight === undefined ? {} : { height: bodyHeight - filterRows(toolFilter) })} />
          </Box>
        ) : (
          <ResultView state={call.state} {...sized} />
        )}
      </Box>
      {!ownFooter && !help && (
        <Box marginTop={1}>
          <KeyHints mode={mode} />
        </Box>
      )}
    </Box>
    </KeyGateContext.Provider>
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
