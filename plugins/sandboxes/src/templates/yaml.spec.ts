import { describe, expect, it } from '@jest/globals';
import { toYaml } from './yaml.js';

describe('toYaml', () => {
  it('writes block mappings and sequences with every string quoted', () => {
    expect(toYaml({ services: { web: { image: 'a:1', ports: ['127.0.0.1:80:80'], environment: {}, healthcheck: { retries: 3, disable: false } } }, volumes: { data: {} } })).toBe(
      'services:\n  web:\n    image: "a:1"\n    ports:\n      - "127.0.0.1:80:80"\n    environment: {}\n    healthcheck:\n      retries: 3\n      disable: false\nvolumes:\n  data: {}\n',
    );
  });

  it('keeps hostile strings inside their scalar', () => {
    expect(toYaml({ 'odd key: x': 'value\n  injected: true # "quoted"', list: [[], { a: 'b' }] })).toBe(
      '"odd key: x": "value\\n  injected: true # \\"quoted\\""\nlist:\n  - []\n  -\n    a: "b"\n',
    );
  });
});
