import { Client, type ClientConfig } from 'pg';
import type { DataSource, DataSourceOptions } from 'typeorm';
import { PLAN_CHANGED_CHANNEL } from '../database/database.js';

export interface PlanChangeEvents {
  /** A write committed somewhere (this instance or another one on the same database). */
  changed(): void;
  /** Listening (again). Notifications sent while not listening are lost, so the cache must start empty. */
  listening(): void;
  /** The connection is gone; nothing tells us about writes until listening() again. */
  deaf(): void;
  log?(message: string): void;
}

/** The connection settings of the application's own data source, for a dedicated connection. */
export function clientConfigOf(dataSource: DataSource): ClientConfig {
  const options = dataSource.options as Extract<DataSourceOptions, { type: 'postgres' }>;
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: typeof options.password === 'string' ? options.password : undefined,
    database: options.database,
    application_name: `${options.applicationName ?? 'handlingsplan'}-cache-listener`,
    connectionTimeoutMillis: 5000,
    keepAlive: true,
  };
}

/**
 * LISTENs on `plan_changed` (which AuditService.record NOTIFYs inside every write transaction, delivered on
 * commit) over one dedicated connection, outside the pool so that it never holds a pooled connection.
 * When the connection drops it says so at once and reconnects with a growing delay (0.1 s to 5 s).
 */
export class PlanChangeListener {
  private client?: Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private delayMs = 100;

  constructor(
    private readonly config: ClientConfig,
    private readonly events: PlanChangeEvents,
  ) {}

  /** Connects once; resolves whether or not that worked (a failure is retried in the background). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.config);
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      this.events.deaf();
      this.events.log?.(`Response cache listener lost its connection (${reason}); reconnecting`);
      this.scheduleReconnect();
    };
    client.on('error', (error) => onLost(error.message));
    client.on('end', () => onLost('connection ended'));
    client.on('notification', (message) => {
      if (message.channel === PLAN_CHANGED_CHANNEL) this.events.changed();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PLAN_CHANGED_CHANNEL}`);
    } catch (error) {
      onLost((error as Error).message);
      return;
    }
    if (this.stopped || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.delayMs = 100;
    this.events.listening();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.delayMs);
    this.retryTimer.unref();
    this.delayMs = Math.min(this.delayMs * 2, 5000);
  }
}
