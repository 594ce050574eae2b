import { Box, Text } from 'ink';
import { toolSafety, type ToolSafety } from '@orcaops/plugin-api';
import type { TuiTool } from './types.js';

/** Tools of one category, in catalog order. */
export interface ToolGroup {
  readonly category: string;
  readonly tools: readonly TuiTool[];
}

export interface ToolListProps {
  readonly groups: readonly ToolGroup[];
  /** Index into all tools, in display order. */
  readonly selected: number;
  /** Rows available, or undefined for "as many as needed". */
  readonly height?: number;
  /** True when a filter hides some tools. */
  readonly filtered?: boolean;
}

type Row = { readonly kind: 'heading'; readonly category: string } | { readonly kind: 'tool'; readonly tool: TuiTool; readonly index: number };

const SAFETY_COLOR: Record<ToolSafety, string> = { 'read-only': 'green', writes: 'yellow', destructive: 'red' };
/** The detail slot below the list: a margin plus two wrapped lines, fixed so the list does not jump. */
const DETAIL_ROWS = 3;

/** Tools under category headings, the selected one marked, each labelled read-only / destructive. */
export function ToolList({ groups, selected, height, filtered = false }: ToolListProps) {
  const rows = toRows(groups);
  const tools = rows.filter((row) => row.kind === 'tool');
  if (tools.length === 0 && filtered) return <Text dimColor>No tool matches the filter.</Text>;
  if (tools.length === 0) {
    return <Text color="yellow">No tools are loaded. Run `orcaops tools` to see plugin errors, and check orcaops.config.json.</Text>;
  }
  const titleWidth = Math.max(...tools.map((row) => row.tool.title.length));
  const nameWidth = Math.max(...tools.map((row) => row.tool.name.length));
  const focus = rows.findIndex((row) => row.kind === 'tool' && row.index === selected);
  const listHeight = height === undefined ? undefined : Math.max(1, height - DETAIL_ROWS);
  const [start, end] = visibleRange(rows.length, listHeight, focus);
  const current = tools.find((row) => row.index === selected)?.tool;

  return (
    <Box flexDirection="column">
      {rows.slice(start, end).map((row) =>
        row.kind === 'heading' ? (
          <Text key={`h:${row.category}`} bold color="blue">
            {row.category}
          </Text>
        ) : (
          <ToolRow key={row.tool.name} tool={row.tool} selected={row.index === selected} titleWidth={titleWidth} nameWidth={nameWidth} />
        ),
      )}
      {end - start < rows.length && <Text dimColor>{`  (${start + 1}–${end} of ${rows.length} lines)`}</Text>}
      <Box marginTop={1} height={DETAIL_ROWS - 1} overflow="hidden">
        <Text dimColor>{current ? firstSentence(current.description) : ''}</Text>
      </Box>
    </Box>
  );
}

function ToolRow({ tool, selected, titleWidth, nameWidth }: { tool: TuiTool; selected: boolean; titleWidth: number; nameWidth: number }) {
  const safety = toolSafety(tool.annotations);
  return (
    <Text wrap="truncate-end">
      <Text color="cyan">{selected ? '› ' : '  '}</Text>
      <Text bold={selected} inverse={selected}>
        {tool.title.padEnd(titleWidth)}
      </Text>
      <Text dimColor>{`  ${tool.name.padEnd(nameWidth)}  `}</Text>
      <Text color={SAFETY_COLOR[safety]}>{safety}</Text>
    </Text>
  );
}

function toRows(groups: readonly ToolGroup[]): Row[] {
  const rows: Row[] = [];
  let index = 0;
  for (const { category, tools } of groups) {
    rows.push({ kind: 'heading', category });
    for (const tool of tools) rows.push({ kind: 'tool', tool, index: index++ });
  }
  return rows;
}

/** The slice of rows to draw: everything when it fits, else a window that keeps the focus in the middle. */
export function visibleRange(total: number, height: number | undefined, focus: number): [number, number] {
  if (height === undefined || total <= height) return [0, total];
  // One row goes to the "(a–b of n)" indicator.
  const size = Math.max(1, height - 1);
  const start = Math.min(Math.max(0, focus - Math.floor(size / 2)), total - size);
  return [start, start + size];
}

/** Descriptions are written for an LLM and run to several sentences; the first one names the tool's purpose. */
function firstSentence(text: string): string {
  const end = text.search(/\.\s/);
  return end === -1 ? text : text.slice(0, end + 1);
}
