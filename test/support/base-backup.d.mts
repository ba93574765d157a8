// Types of base-backup.mjs (a plain ES module, shared with the benchmark).
import type { ChildProcess } from 'node:child_process';

export interface MakeStandbyOptions {
  /** A superuser connection to the primary (any database) */
  primaryUrl: string;
  /** The primary's data directory */
  primaryDir: string;
  /** Where the standby's data directory is made */
  standbyDir: string;
  /** The physical replication slot on the primary (made if missing); default replica_1 */
  slot?: string;
  /** The standby's name in the primary's pg_stat_replication; default the slot's */
  applicationName?: string;
}

export function makeStandby(options: MakeStandbyOptions): Promise<{ slot: string; lsn: string }>;

export function dropSlot(primaryUrl: string, slot: string): Promise<void>;

export interface RunningPostgres {
  pid: number;
  child: ChildProcess;
  /** Fast shutdown; resolves once the process is gone */
  stop(): Promise<void>;
}

export function startPostgres(
  dir: string,
  port: number,
  options?: { flags?: string[]; onLog?: (line: string) => void; timeoutMs?: number },
): Promise<RunningPostgres>;
