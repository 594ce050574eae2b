import { describe, expect, it } from '@jest/globals';
import { portsFromInspect, portsFromList } from './ports.js';

describe('portsFromList', () => {
  it('collapses the IPv4/IPv6 pair the engine reports for one binding, keeping the IPv4 address', () => {
    const rows = [
      { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { IP: '::1', PrivatePort: 81, PublicPort: 9090, Type: 'udp' },
      { IP: '127.0.0.1', PrivatePort: 81, PublicPort: 9090, Type: 'udp' },
    ];
    expect(portsFromList(rows)).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 81, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 9090 },
    ]);
  });

  it('keeps bindings that differ in more than the family, and lists exposed-only ports without a host side', () => {
    const rows = [
      { PrivatePort: 443, Type: 'tcp' },
      { IP: '::', PrivatePort: 80, PublicPort: 32769, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 32768, Type: 'tcp' },
      { IP: '10.0.0.5', PrivatePort: 53, PublicPort: 53, Type: 'udp' },
      { IP: '0.0.0.0', PrivatePort: 53, PublicPort: 53, Type: 'tcp' },
      { IP: '192.168.1.2', PrivatePort: 53, PublicPort: 53, Type: 'udp' },
    ];
    expect(portsFromList(rows)).toEqual([
      { containerPort: 53, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 53 },
      { containerPort: 53, protocol: 'udp', hostIp: '10.0.0.5', hostPort: 53 },
      { containerPort: 53, protocol: 'udp', hostIp: '192.168.1.2', hostPort: 53 },
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 32768 },
      { containerPort: 80, protocol: 'tcp', hostIp: '::', hostPort: 32769 },
      { containerPort: 443, protocol: 'tcp' },
    ]);
  });

  it('reads a missing list as no ports', () => {
    expect(portsFromList(undefined)).toEqual([]);
    expect(portsFromList(null)).toEqual([]);
  });
});

describe('portsFromInspect', () => {
  it('reads "port/protocol" keys, string host ports and null (exposed only) entries', () => {
    const ports = {
      '80/tcp': [
        { HostIp: '0.0.0.0', HostPort: '8080' },
        { HostIp: '::', HostPort: '8080' },
      ],
      '81/udp': [{ HostIp: '127.0.0.1', HostPort: '32768' }],
      '82/tcp': null,
      '83/sctp': [],
    };
    expect(portsFromInspect(ports)).toEqual([
      { containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 81, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 32768 },
      { containerPort: 82, protocol: 'tcp' },
      { containerPort: 83, protocol: 'sctp' },
    ]);
  });

  it('reads a stopped container (no ports, or null) as no ports, and an empty host address as all interfaces', () => {
    expect(portsFromInspect({})).toEqual([]);
    expect(portsFromInspect(null)).toEqual([]);
    expect(portsFromInspect({ '80/tcp': [{ HostIp: '', HostPort: '80' }] })).toEqual([{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 80 }]);
  });
});
