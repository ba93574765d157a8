import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Database } from './database.js';
import { lsnValue, ReplicaSet, replayTarget } from './replicas.js';

/** A replica set whose one replica is up at `replayed` (its data source is never connected). */
function replicaAt(replayed: string) {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://app:secret@127.0.0.1:5432/plan',
    DATABASE_REPLICA_URLS: 'postgres://app:secret@127.0.0.1:5433/plan',
  });
  const set = new ReplicaSet(config, {} as DataSource, {} as Database, {} as Metrics);
  const [replica] = set.replicas;
  replica.state = 'up';
  replica.replayed = lsnValue(replayed);
  return { set, replica };
}

describe('ReplicaSet: which replica an anonymous read may use', () => {
  it('compares WAL positions as positions', () => {
    expect(lsnValue('0/FF') < lsnValue('1/0')).toBe(true);
    expect(lsnValue('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
  });

  it("takes a page's header off an insert position at a page's start, and nothing else", () => {
    const page = 8192n;
    const segment = 16n * 1024n * 1024n;
    // On a page within a segment (short header) and at a segment's start (long header).
    expect(replayTarget(lsnValue('0/3002018'), page, segment)).toBe(lsnValue('0/3002000'));
    expect(replayTarget(lsnValue('1/3000028'), page, segment)).toBe(lsnValue('1/3000000'));
    // Anywhere else the position stands, 40 bytes into a page that is not a segment's first included.
    for (const lsn of ['0/3002020', '0/3002028', '0/3002010', '0/3000030', '0/3001FF8'])
      expect(replayTarget(lsnValue(lsn), page, segment)).toBe(lsnValue(lsn));
  });

  it('uses a replica only once it has replayed past the newest position heard of', () => {
    const { set, replica } = replicaAt('0/200');
    set.heard('0/100');
    expect(set.pick()).toBe(replica);
    set.heard('0/300');
    expect(set.pick()).toBeUndefined();
    expect(set.isFresh(replica)).toBe(false);
    replica.replayed = lsnValue('0/300');
    expect(set.pick()).toBe(replica);
  });

  it('uses none after a write of its own until the position after it is heard', () => {
    const { set, replica } = replicaAt('0/200');
    set.writeCommitted();
    expect(set.pick()).toBeUndefined();
    set.heard('0/180', set.asOf);
    expect(set.pick()).toBe(replica);
  });

  it('stays unknown when a newer notice arrived while the position of an older one was read', () => {
    // Notice 1 arrives and its position is asked for; notice 2 arrives before that answer (PostgreSQL
    // sends notices before the ReadyForQuery that ends a statement), so the answer may predate write 2.
    const { set, replica } = replicaAt('0/200');
    set.writeCommitted();
    const first = set.asOf;
    set.writeCommitted();
    const second = set.asOf;
    set.heard('0/180', first);
    expect(set.pick()).toBeUndefined();
    set.heard('0/200', second);
    expect(set.pick()).toBe(replica);
  });

  it('trusts no replica while the listener is away', () => {
    const { set, replica } = replicaAt('0/200');
    set.heard('0/100');
    set.deaf();
    expect(set.pick()).toBeUndefined();
    expect(set.isFresh(replica)).toBe(false);
    set.heard('0/100', set.asOf);
    expect(set.pick()).toBe(replica);
  });
});
