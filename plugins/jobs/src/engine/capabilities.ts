/** The Linux capabilities a container can be given (capabilities(7)), without the CAP_ prefix Docker drops. */
export const LINUX_CAPABILITIES = [
  'AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'BPF', 'CHECKPOINT_RESTORE', 'CHOWN', 'DAC_OVERRIDE',
  'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL', 'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN',
  'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW', 'PERFMON', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE',
  'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'SYSLOG', 'WAKE_ALARM',
] as const;

/**
 * What every job keeps of root's powers; everything else is dropped. These are what installing packages and
 * building as root need: unpacking archives with their owners (CHOWN), writing files of other users and fixing
 * their modes (DAC_OVERRIDE, FOWNER, FSETID), and package managers dropping to their own users (SETUID, SETGID,
 * e.g. apt's `_apt`). Left out of Docker's default set: NET_RAW (raw sockets, ARP and ICMP spoofing), MKNOD
 * (device nodes), KILL (signalling other users' processes), SETPCAP, SETFCAP, SYS_CHROOT, NET_BIND_SERVICE (Docker
 * lets containers bind low ports without it) and AUDIT_WRITE.
 */
export const DEFAULT_JOB_CAPABILITIES = ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'SETGID', 'SETUID'] as const;

export function isCapability(name: string): boolean {
  return (LINUX_CAPABILITIES as readonly string[]).includes(name);
}
