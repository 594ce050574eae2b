/** What the compose files OrcaOps writes are made of. */
export type YamlValue = string | number | boolean | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * A small YAML writer for the compose files OrcaOps generates: block mappings and sequences, every string
 * double-quoted (a JSON string is a valid YAML double-quoted scalar), so no value can change the document's shape.
 */
export function toYaml(value: YamlValue, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value.map((item) => (isBlock(item) ? `${pad}-\n${toYaml(item, indent + 2)}` : `${pad}- ${scalar(item)}\n`)).join('');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, YamlValue>);
    if (entries.length === 0) return `${pad}{}\n`;
    return entries
      .map(([key, item]) => {
        const name = PLAIN_KEY.test(key) ? key : JSON.stringify(key);
        return isBlock(item) ? `${pad}${name}:\n${toYaml(item, indent + 2)}` : `${pad}${name}: ${scalar(item)}\n`;
      })
      .join('');
  }
  return `${pad}${scalar(value)}\n`;
}

function isBlock(value: YamlValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'object' && Object.keys(value).length > 0;
}

function scalar(value: YamlValue): string {
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
