import type { ObjectJsonSchema, ProgressUpdate, ToolAnnotations, ToolOutcome, ToolPresentation } from '@orcaops/plugin-api';

/** One problem `safeParse` found, as zod reports it. */
export interface InputIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * The slice of a tool definition the TUI reads. Structural on purpose: a real `ToolDefinition` fits, and tests
 * can pass plain objects without zod or plugins.
 */
export interface TuiTool {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly annotations: ToolAnnotations;
  readonly presentation?: ToolPresentation;
  /** Checks arguments before they are sent (a zod object schema in production). */
  readonly input: { safeParse(value: unknown): { readonly success: boolean; readonly error?: { readonly issues: readonly InputIssue[] } } };
  /** The input as JSON Schema (`inputJsonSchema`), from which the TUI builds the tool's form; none means no fields. */
  readonly inputSchema?: ObjectJsonSchema;
}

/** What the TUI needs from the kernel's catalog (`ToolCatalog` satisfies it). */
export interface TuiCatalog {
  /** Tools grouped by category, categories in display order. */
  byCategory(): ReadonlyMap<string, readonly TuiTool[]>;
}

/** Per-call options, the same shape as the kernel's `InvokeOptions`. */
export interface TuiInvokeOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (update: ProgressUpdate) => void;
}

/** What the TUI needs from the kernel's invoker (`Invoker` satisfies it). Must not throw, but the TUI copes. */
export interface TuiInvoker {
  invoke(name: string, args: unknown, options?: TuiInvokeOptions): Promise<ToolOutcome>;
}

/** What a resource view (sandboxes, containers) gets from the app. */
export interface ResourceViewProps {
  readonly invoker: TuiInvoker;
  /** The catalog's tools by name: which of the view's tools are loaded, and their annotations (what needs confirming). */
  readonly tools: ReadonlyMap<string, TuiTool>;
  /** How often to read again while something changes (something starting, an action running); idle views read less often. */
  readonly refreshMs: number;
  /** Opens a tool's form with some fields filled in (e.g. the selected sandbox); Esc in the form comes back here. */
  readonly openForm?: (toolName: string, texts?: Readonly<Record<string, string>>) => void;
  /** Rows available, or undefined for "as many as needed". */
  readonly height?: number;
  readonly onBack: () => void;
}
