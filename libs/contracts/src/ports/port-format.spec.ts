import { describe, expect, it } from '@jest/globals';
import { formatPort, formatPorts } from './port-format.js';

describe('formatPort, formatPorts', () => {
  it('describes ports as docker ps does', () => {
    expect(formatPort({ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8080 })).toBe('127.0.0.1:8080->80/tcp');
    expect(formatPort({ containerPort: 53, protocol: 'udp' })).toBe('53/udp');
  });

  it('prints published ports first, each binding once, and exposed ports that are not published', () => {
    expect(
      formatPorts([
        { containerPort: 53, protocol: 'udp' },
        { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 32768 },
        { containerPort: 80, protocol: 'tcp' },
        { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 32768 },
        { containerPort: 9000, protocol: 'tcp', hostIp: '', hostPort: 9000 },
      ]),
    ).toEqual(['0.0.0.0:32768->80/tcp', '9000->9000/tcp', '53/udp']);
  });
});
