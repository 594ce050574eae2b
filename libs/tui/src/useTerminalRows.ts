import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** The terminal's height, kept current on resize; undefined when the output is not a terminal (tests, pipes). */
export function useTerminalRows(): number | undefined {
  const { stdout } = useStdout();
  const [rows, setRows] = useState<number | undefined>(stdout.rows || undefined);
  useEffect(() => {
    const onResize = () => setRows(stdout.rows || undefined);
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return rows;
}
