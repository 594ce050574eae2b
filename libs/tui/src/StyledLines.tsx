import { Box, Text } from 'ink';
import type { StyledLine } from './job-format.js';

/** One styled line on one row: truncated, never wrapped, so that views can count their rows. */
export function StyledLineView({ line }: { readonly line: StyledLine }) {
  return (
    <Text wrap="truncate-end">
      {line.length === 0
        ? ' '
        : line.map((segment, index) => (
            <Text
              key={index}
              {...(segment.color ? { color: segment.color } : {})}
              bold={segment.bold ?? false}
              dimColor={segment.dim ?? false}
              inverse={segment.inverse ?? false}
            >
              {segment.text}
            </Text>
          ))}
    </Text>
  );
}

/** Lines one per row. */
export function StyledLines({ lines }: { readonly lines: readonly StyledLine[] }) {
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <StyledLineView key={index} line={line} />
      ))}
    </Box>
  );
}

