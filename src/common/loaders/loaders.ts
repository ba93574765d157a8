import DataLoader from 'dataloader';

/**
 * A loader's definition: how to load many keys at once. Modules define their own; the per-request
 * registry makes one DataLoader per definition per request, so batches never leak between callers.
 */
export interface LoaderDefinition<K, V, C = unknown> {
  readonly name: string;
  batch(keys: readonly K[], context: C): Promise<V[]>;
}

export function defineLoader<K, V, C = unknown>(
  name: string,
  batch: (keys: readonly K[], context: C) => Promise<V[]>,
): LoaderDefinition<K, V, C> {
  return { name, batch };
}

export class LoaderRegistry<C = unknown> {
  private readonly loaders = new Map<LoaderDefinition<unknown, unknown, C>, DataLoader<unknown, unknown>>();
  private readonly primed = new Map<LoaderDefinition<unknown, unknown, C>, Map<unknown, unknown>>();

  constructor(private readonly context: C) {}

  get<K, V>(definition: LoaderDefinition<K, V, C>): DataLoader<K, V> {
    let loader = this.loaders.get(definition as LoaderDefinition<unknown, unknown, C>);
    if (!loader) {
      loader = new DataLoader<unknown, unknown>((keys) => definition.batch(keys as readonly K[], this.context), {
        maxBatchSize: 1000,
      });
      this.loaders.set(definition as LoaderDefinition<unknown, unknown, C>, loader);
    }
    return loader as DataLoader<K, V>;
  }

  load<K, V>(definition: LoaderDefinition<K, V, C>, key: K): Promise<V> {
    return this.get(definition).load(key);
  }

  /**
   * Hands the loader values that a set-based read loaded already (the overview loads every executing
   * agency in its batch), so that `peek` answers them without a promise per row.
   */
  prime<K, V>(definition: LoaderDefinition<K, V, C>, key: K, value: V): void {
    const def = definition as LoaderDefinition<unknown, unknown, C>;
    let values = this.primed.get(def);
    if (!values) this.primed.set(def, (values = new Map()));
    values.set(key, value);
    this.get(definition).prime(key, value);
  }

  /** A primed value, at once; undefined when none was primed (then `load` it). */
  peek<K, V>(definition: LoaderDefinition<K, V, C>, key: K): V | undefined {
    return this.primed.get(definition as LoaderDefinition<unknown, unknown, C>)?.get(key) as V | undefined;
  }
}

/** Groups rows by a key, in the order of `keys`, for loaders that return a list per key. */
export function groupBy<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return keys.map((key) => map.get(key) ?? []);
}

/** Picks one row per key, in the order of `keys`, null where none. */
export function indexBy<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map<K, R>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}
