/**
 * A strict reader of Prometheus's text exposition format (version 0.0.4), for the tests of GET /metrics:
 * prom-client writes the format but has no parser. It throws, naming the line, on anything the format does
 * not allow: a line that is no `# HELP`, `# TYPE`, comment or sample; a bad metric or label name; a label
 * value with an unknown escape; a value that is not a Go float; a family's TYPE after its samples or twice;
 * a sample that does not belong to the family its TYPE declared; a series given twice; and histogram
 * buckets that are not cumulative or do not end with `+Inf` equal to `_count`.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** What Go's strconv.ParseFloat, which Prometheus reads values with, accepts (prom-client writes `Nan`). */
const FLOAT = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|inf|infinity)|nan)$/i;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: string): number {
  if (!FLOAT.test(text)) throw new Error(`Not a sample value: ${JSON.stringify(text)} in ${JSON.stringify(line)}`);
  if (/^\+?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  return /^nan$/i.test(text) ? NaN : Number(text);
}

/** `name{a="x",b="y"} value [timestamp]` */
function parseSample(line: string): Sample {
  const fail = (why: string) => new Error(`${why} in ${JSON.stringify(line)}`);
  let i = 0;
  while (i < line.length && line[i] !== '{' && line[i] !== ' ') i += 1;
  const name = line.slice(0, i);
  if (!METRIC_NAME.test(name)) throw fail('Bad metric name');
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i += 1;
    while (line[i] !== '}') {
      const eq = line.indexOf('=', i);
      if (eq < 0) throw fail('Label without =');
      const label = line.slice(i, eq);
      if (!LABEL_NAME.test(label)) throw fail(`Bad label name ${JSON.stringify(label)}`);
      if (label in labels) throw fail(`Label ${label} twice`);
      if (line[eq + 1] !== '"') throw fail('Label value not quoted');
      let value = '';
      let j = eq + 2;
      for (; j < line.length && line[j] !== '"'; j += 1) {
        if (line[j] === '\\') {
          j += 1;
          const escaped = { '\\': '\\', '"': '"', n: '\n' }[line[j]];
          if (escaped === undefined) throw fail(`Unknown escape \\${line[j]}`);
          value += escaped;
        } else value += line[j];
      }
      if (line[j] !== '"') throw fail('Unterminated label value');
      labels[label] = value;
      i = j + 1;
      if (line[i] === ',') i += 1;
      else if (line[i] !== '}') throw fail('Expected , or }');
    }
    i += 1;
  }
  if (line[i] !== ' ') throw fail('Expected a space before the value');
  const rest = line.slice(i + 1).split(' ');
  if (rest.length > 2 || rest.some((part) => part === '')) throw fail('Expected a value and at most a timestamp');
  if (rest[1] !== undefined && !/^-?\d+$/.test(rest[1])) throw fail('Bad timestamp');
  return { name, labels, value: parseValue(rest[0], line) };
}

function belongsTo(family: Family, sample: string): boolean {
  if (sample === family.name) return family.type !== 'histogram';
  if (family.type === 'histogram')
    return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`].includes(sample);
  if (family.type === 'summary') return [`${family.name}_sum`, `${family.name}_count`].includes(sample);
  return false;
}

function checkHistogram(family: Family): void {
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith('_bucket')) {
      if (le === undefined) throw new Error(`${family.name}: a bucket without le`);
      entry.buckets.push([parseValue(le, `le="${le}"`), sample.value]);
    } else if (sample.name.endsWith('_count')) entry.count = sample.value;
  }
  for (const [key, { buckets, count }] of series) {
    const last = buckets[buckets.length - 1];
    if (!last || last[0] !== Infinity) throw new Error(`${family.name} ${key}: no +Inf bucket last`);
    for (let k = 1; k < buckets.length; k += 1) {
      if (buckets[k][0] <= buckets[k - 1][0] || buckets[k][1] < buckets[k - 1][1]) {
        throw new Error(`${family.name} ${key}: buckets not increasing and cumulative`);
      }
    }
    if (count !== last[1]) throw new Error(`${family.name} ${key}: _count ${count} is not the +Inf bucket ${last[1]}`);
  }
}

export function parsePrometheusText(text: string): Map<string, Family> {
  if (text.length > 0 && !text.endsWith('\n')) throw new Error('The text must end with a line feed');
  const families = new Map<string, Family>();
  const seenSeries = new Set<string>();
  const typed = new Set<string>();
  let current: Family | undefined;
  const family = (name: string): Family => {
    let found = families.get(name);
    if (!found) {
      found = { name, type: 'untyped', samples: [] };
      families.set(name, found);
    }
    return found;
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!meta) {
        if (/^# (HELP|TYPE)\b/.test(line)) throw new Error(`Bad ${line.slice(2, 6)} line: ${JSON.stringify(line)}`);
        continue; // a plain comment
      }
      const [, kind, name, rest = ''] = meta;
      if (!METRIC_NAME.test(name)) throw new Error(`Bad metric name in ${JSON.stringify(line)}`);
      const f = family(name);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`Unknown type in ${JSON.stringify(line)}`);
        if (f.samples.length > 0 || typed.has(name)) throw new Error(`TYPE of ${name} after its samples or twice`);
        typed.add(name);
        f.type = rest as Family['type'];
      } else {
        if (f.help !== undefined) throw new Error(`HELP of ${name} twice`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`Unknown escape in ${JSON.stringify(line)}`);
        f.help = rest;
      }
      current = f;
      continue;
    }
    const sample = parseSample(line);
    const owner = current && belongsTo(current, sample.name) ? current : undefined;
    if (!owner) {
      if (families.has(sample.name) || !current) throw new Error(`Sample outside its family: ${JSON.stringify(line)}`);
      throw new Error(`${sample.name} does not belong to ${current.type} ${current.name}: ${JSON.stringify(line)}`);
    }
    const series = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seenSeries.has(series)) throw new Error(`Series given twice: ${JSON.stringify(line)}`);
    seenSeries.add(series);
    owner.samples.push(sample);
  }
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

/** The value of the one sample named `name` whose labels include `labels`; 0 when there is none. */
export function valueOf(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const matches = [...families.values()]
    .flatMap((f) => f.samples)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (matches.length > 1) throw new Error(`${matches.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matches[0]?.value ?? 0;
}
