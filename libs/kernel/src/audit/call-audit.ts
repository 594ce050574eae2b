import { AuditLog } from './audit-log.js';
import { callAuditEntry, callAuditRecord, type CallAuditEntry, type HostName } from './call-audit-entry.js';

/** A call as the invoker saw it end. */
export interface AuditedCall {
  readonly tool: string;
  readonly args: unknown;
  /** When it started, in ms since the epoch. */
  readonly startedAt: number;
  /** `ok`, or the error code. */
  readonly outcome: string;
}

/** Where the invoker reports every call it ends (or refuses); the kernel's {@link CallAudit}. */
export interface CallRecorder {
  record(call: AuditedCall): void;
}

export interface CallAuditOptions {
  readonly log: AuditLog<CallAuditEntry>;
  readonly host: HostName | 'unknown';
  /**
   * Whether the tool may change something (its `readOnlyHint` is false). Asked of every loaded tool, served or not,
   * so that a refused call of a tool left out by the selection is recorded too; a name no plugin declares is not.
   */
  readonly mayChange: (tool: string) => boolean;
}

/** Records the calls that may change something in the kernel's audit log; read-only calls are left out. */
export class CallAudit implements CallRecorder {
  constructor(private readonly options: CallAuditOptions) {}

  /** Never throws and never waits: the log queues the line. */
  record(call: AuditedCall): void {
    try {
      if (!this.options.mayChange(call.tool)) return;
      this.options.log.append(callAuditEntry({ host: this.options.host, ...call }));
    } catch {
      // Auditing must not fail a call; the log reports its own write errors.
    }
  }

  /** Writes what is queued. */
  close(): Promise<void> {
    return this.options.log.close();
  }
}

/** The kernel's audit log of calls, `<home>/audit.log`. */
export function callAuditLog(options: { file: string; maxBytes: number; keep: number; onError: (error: unknown) => void }): AuditLog<CallAuditEntry> {
  return new AuditLog({ ...options, toRecord: callAuditRecord });
}
