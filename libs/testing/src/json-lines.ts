import { readFile } from 'node:fs/promises';

/** The records of a JSON-lines file (an audit log, a log sink's file), one object a line; blank lines skipped. */
export async function readJsonLines(file: string): Promise<Array<Record<string, unknown>>> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
