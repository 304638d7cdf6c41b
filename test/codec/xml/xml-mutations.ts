/** Random mutations of CWMP bodies for the differential fuzz test, driven by a seeded generator. */

const INSERTS = ['<', '>', '&', ';', '"', "'", '/', '!', '?', '[', ']', '-', ' ', '\r\n', '=', ':', '#', '&amp;', '&#x41;', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', '</', '/>', 'é', '€', '😀', '\u00d7', '\u00b7', '&#', 'x', '\uFEFF'];
const INSERT_BYTES = INSERTS.map((s) => new Uint8Array(Buffer.from(s, 'utf8')));

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function splice(body: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length - remove + insert.length);
  out.set(body.subarray(0, at));
  out.set(insert, at);
  out.set(body.subarray(at + remove), at + insert.length);
  return out;
}

/** One to three mutations of `body`: byte flips, inserted markup characters, truncation, duplicated slices. */
export function mutate(body: Uint8Array, random: () => number): Uint8Array {
  let out = body;
  const count = 1 + Math.floor(random() * 3);
  for (let n = 0; n < count; n++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.25 && out.length > 0) {
      const i = Math.min(at, out.length - 1);
      out = splice(out, i, 1, new Uint8Array([random() < 0.5 ? ((out[i] as number) ^ (1 << Math.floor(random() * 8))) : Math.floor(random() * 256)]));
    } else if (kind < 0.7) {
      out = splice(out, at, at < out.length && random() < 0.3 ? 1 : 0, pick(random, INSERT_BYTES));
    } else if (kind < 0.8) {
      out = out.subarray(0, at);
    } else {
      const length = Math.floor(random() * 64);
      const from = Math.floor(random() * Math.max(1, out.length - length));
      out = splice(out, at, 0, out.slice(from, from + length));
    }
  }
  return out;
}

/** What a fuzz run found: counts by outcome, and the first mismatches (body in latin1, both outcomes). */
export interface FuzzReport {
  outcomes: Record<string, number>;
  mismatches: { body: string; fast: string; sax: string }[];
}

/**
 * Mutates `bodies` `count` times from `seed` and checks that the fast and sax tokenizers give the
 * same events or the same error kind; every 16th mutation is also streamed through the fast
 * tokenizer in random chunks and must match its whole-body outcome. A third of the runs use small
 * limits so that the limit paths are raced too. Anything but XmlTokenizerError propagates.
 */
export async function fuzz(bodies: readonly Uint8Array[], seed: number, count: number): Promise<FuzzReport> {
  const { fastTokenizer } = await import('../../../src/codec/xml/fast-tokenizer.js');
  const { saxTokenizer } = await import('../../../src/codec/xml/sax-tokenizer.js');
  const { DEFAULT_XML_LIMITS } = await import('../../../src/codec/xml/xml-events.js');
  const { outcome, seededRandom } = await import('./xml-helpers.js');
  const small = { maxDepth: 6, maxElements: 60, maxValueLength: 40, maxNameLength: 14 };
  const random = seededRandom(seed);
  const report: FuzzReport = { outcomes: {}, mismatches: [] };
  // Thousands of expected errors: their stack traces are not needed and cost most of the time.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (let n = 0; n < count; n++) {
      const body = mutate(bodies[n % bodies.length] as Uint8Array, random);
      const limits = n % 3 === 0 ? small : DEFAULT_XML_LIMITS;
      const fast = JSON.stringify(outcome(fastTokenizer, body, { kind: 'whole' }, limits));
      const sax = JSON.stringify(outcome(saxTokenizer, body, { kind: 'whole' }, limits));
      const kind = fast.startsWith('{"error"') ? fast : 'events';
      report.outcomes[kind] = (report.outcomes[kind] ?? 0) + 1;
      if (fast !== sax && report.mismatches.length < 5) report.mismatches.push({ body: Buffer.from(body).toString('latin1'), fast, sax });
      if (n % 16 === 0) {
        const cuts = [Math.floor(random() * body.length), Math.floor(random() * body.length), Math.floor(random() * body.length)].sort((a, b) => a - b);
        const streamed = JSON.stringify(outcome(fastTokenizer, body, { kind: 'split', at: cuts }, limits));
        if (streamed !== fast && report.mismatches.length < 5) report.mismatches.push({ body: `split at ${cuts.join(',')}: ${Buffer.from(body).toString('latin1')}`, fast: streamed, sax: fast });
      }
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  return report;
}
