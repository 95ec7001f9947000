/**
 * Merges the Prometheus text expositions of several worker processes into one: every sample gets a
 * `worker="<slot>"` label, and each family's samples from every worker are put together under one
 * `# HELP` / `# TYPE` (the format wants a family's lines contiguous). Sums are left to the query
 * (`sum without (worker) (…)`), so nothing is lost: a worker's own gauges (in-flight, CPU, memory) stay
 * its own.
 */

interface Family {
  help?: string;
  type?: string;
  samples: string[];
}

/** `parts`: each worker's slot and exposition text, in slot order. `extra`: the primary's own families, appended as they are. */
export function mergeExpositions(parts: ReadonlyArray<{ worker: string; text: string }>, extra = ''): string {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { samples: [] }));
    return f;
  };
  for (const { worker, text } of parts) {
    const label = `worker="${worker.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    let current: Family | undefined;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
      if (meta) {
        current = family(meta[2]!);
        if (meta[1] === 'HELP') current.help ??= meta[3]!;
        else current.type ??= meta[3]!;
        continue;
      }
      if (line.startsWith('#')) continue;
      const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
      if (name === undefined) continue;
      const rest = line.slice(name.length);
      const labelled = rest.startsWith('{') ? `${name}{${label},${rest.slice(1)}` : `${name}{${label}}${rest}`;
      // Histogram series (_bucket, _sum, _count) belong to the family whose # TYPE came before them.
      (current ?? family(name)).samples.push(labelled);
    }
  }
  const out: string[] = [];
  for (const [name, f] of families) {
    if (f.help !== undefined) out.push(`# HELP ${name} ${f.help}`);
    if (f.type !== undefined) out.push(`# TYPE ${name} ${f.type}`);
    out.push(...f.samples);
  }
  return out.join('\n') + '\n' + extra;
}
