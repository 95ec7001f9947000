/**
 * A minimal Prometheus registry: counters, gauges and histograms with labels, rendered in the text
 * exposition format (version 0.0.4). Written here instead of taken from a client library because the
 * gateway needs a dozen series and no push, no default collectors, no dependency.
 *
 * Label values come from bounded sets (APIs, actions, rule names from the config, backend names);
 * callers must never put request content or principal ids in a label.
 */

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  render(out: string[]): void;
}

/** Holds the metric families of one gateway and renders them for `GET /metrics`. */
export class Registry {
  readonly #families: Family[] = [];

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.#add(new Counter(name, help, labelNames));
  }

  /**
   * A gauge whose value is read when scraped (in-flight requests, backend health). `type: 'counter'`
   * for a total kept elsewhere and read at scrape time (the process's CPU seconds).
   */
  gauge(name: string, help: string, labelNames: readonly string[], collect: () => Array<[Labels, number]>, type: 'gauge' | 'counter' = 'gauge'): void {
    this.#add({
      name,
      help,
      type,
      render(out) {
        for (const [labels, value] of collect()) out.push(`${name}${formatLabels(labelNames, labels)} ${formatNumber(value)}`);
      },
    });
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    return this.#add(new Histogram(name, help, labelNames, buckets));
  }

  /** The exposition text: `# HELP`, `# TYPE`, then one line per series. */
  render(): string {
    const out: string[] = [];
    for (const family of this.#families) {
      out.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
      out.push(`# TYPE ${family.name} ${family.type}`);
      family.render(out);
    }
    return out.join('\n') + '\n';
  }

  #add<T extends Family>(family: T): T {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(family.name)) throw new Error(`invalid metric name ${family.name}`);
    if (this.#families.some((f) => f.name === family.name)) throw new Error(`metric ${family.name} registered twice`);
    this.#families.push(family);
    return family;
  }
}

/** A monotonically increasing count per label set. */
export class Counter implements Family {
  readonly type = 'counter';
  readonly name: string;
  readonly help: string;
  readonly #labelNames: readonly string[];
  readonly #values = new Map<string, { labels: Labels; value: number }>();

  constructor(name: string, help: string, labelNames: readonly string[]) {
    this.name = name;
    this.help = help;
    this.#labelNames = labelNames;
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = seriesKey(this.#labelNames, labels);
    const entry = this.#values.get(key);
    if (entry) entry.value += by;
    else this.#values.set(key, { labels, value: by });
  }

  /** Current value (tests and health summaries). */
  get(labels: Labels = {}): number {
    return this.#values.get(seriesKey(this.#labelNames, labels))?.value ?? 0;
  }

  render(out: string[]): void {
    for (const { labels, value } of this.#values.values()) out.push(`${this.name}${formatLabels(this.#labelNames, labels)} ${formatNumber(value)}`);
  }
}

/** Observations counted into cumulative buckets, with their sum and count. */
export class Histogram implements Family {
  readonly type = 'histogram';
  readonly name: string;
  readonly help: string;
  readonly #labelNames: readonly string[];
  readonly #buckets: readonly number[];
  readonly #series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();

  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) {
    this.name = name;
    this.help = help;
    this.#labelNames = labelNames;
    this.#buckets = [...buckets].sort((a, b) => a - b);
  }

  observe(labels: Labels, value: number): void {
    const key = seriesKey(this.#labelNames, labels);
    let series = this.#series.get(key);
    if (!series) {
      series = { labels, counts: new Array<number>(this.#buckets.length).fill(0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    // Counts are stored per bucket and made cumulative when rendered.
    const i = this.#buckets.findIndex((upper) => value <= upper);
    if (i >= 0) series.counts[i]!++;
    series.sum += value;
    series.count++;
  }

  render(out: string[]): void {
    for (const { labels, counts, sum, count } of this.#series.values()) {
      let cumulative = 0;
      for (const [i, upper] of this.#buckets.entries()) {
        cumulative += counts[i]!;
        out.push(`${this.name}_bucket${formatLabels([...this.#labelNames, 'le'], { ...labels, le: formatNumber(upper) })} ${cumulative}`);
      }
      out.push(`${this.name}_bucket${formatLabels([...this.#labelNames, 'le'], { ...labels, le: '+Inf' })} ${count}`);
      out.push(`${this.name}_sum${formatLabels(this.#labelNames, labels)} ${formatNumber(sum)}`);
      out.push(`${this.name}_count${formatLabels(this.#labelNames, labels)} ${count}`);
    }
  }
}

function seriesKey(names: readonly string[], labels: Labels): string {
  return names.map((n) => labels[n] ?? '').join('\u0000');
}

function formatLabels(names: readonly string[], labels: Labels): string {
  if (names.length === 0) return '';
  const parts = names.map((n) => `${n}="${escapeLabelValue(labels[n] ?? '')}"`);
  return `{${parts.join(',')}}`;
}

/** Label values escape backslash, double quote and line feed (exposition format rules). */
function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
