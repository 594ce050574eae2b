import { Box, Text } from 'ink';
import type { ErrorPayload } from '@orcaops/plugin-api';
import { toLines } from './result-format.js';
import { LineView } from './ResultLines.js';

/** A failed call: the code to search for, the message, and the suggested next step made hard to miss. */
export function ErrorView({ error }: { readonly error: ErrorPayload }) {
  return (
    <Box flexDirection="column">
      <Text bold color="red">
        {error.code}
      </Text>
      <Text>{error.message}</Text>
      <Box marginTop={1}>
        <Text bold color="yellow">{`→ ${error.suggestion}`}</Text>
      </Box>
      {error.details && (
        <Box marginTop={1} flexDirection="column">
          <Text dimColor>details</Text>
          {toLines(error.details).map((line, index) => (
            <LineView key={index} line={line} depth={1} />
          ))}
        </Box>
      )}
    </Box>
  );
}
