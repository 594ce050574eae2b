import { Text } from 'ink';

export interface HeaderProps {
  readonly version: string;
  readonly toolCount: number;
  readonly categoryCount: number;
}

export function Header({ version, toolCount, categoryCount }: HeaderProps) {
  return (
    <Text wrap="truncate-end">
      <Text bold color="cyan">{`OrcaOps ${version}`}</Text>
      <Text dimColor>{` · ${plural(toolCount, 'tool')} in ${plural(categoryCount, 'category', 'categories')}`}</Text>
    </Text>
  );
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
