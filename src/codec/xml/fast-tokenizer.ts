/**
 * The fast tokenizer: the byte scanner (fast-scanner.ts, where the accepted XML is listed) over a
 * whole body, or over a stream of chunks that keeps the unfinished tail of each chunk and scans it
 * again with the next.
 */
import { EMPTY_BYTES, Scanner } from './fast-scanner.js';
import { copyBytes } from './xml-bytes.js';
import type { NameTable, XmlLimits, XmlSink, XmlTokenizer, XmlTokenStream } from './xml-events.js';

function bomLength(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** A tail at least this long is scanned again only once the bytes behind it have doubled. */
const RESCAN_MIN_BYTES = 4096;

class FastStream implements XmlTokenStream {
  private readonly scanner: Scanner;
  /** Bytes not yet tokenized: the unfinished token of the last scan, then chunks waiting behind it. */
  private readonly held: Uint8Array[] = [];
  private heldBytes = 0;
  /** How many held bytes make the next scan worth it (see RESCAN_MIN_BYTES); 0 scans every chunk. */
  private rescanAt = 0;
  /** Body offset of the first held byte. */
  private base = 0;
  private started = false;

  constructor(sink: XmlSink, names: NameTable, limits: XmlLimits) {
    this.scanner = new Scanner().reset(sink, names, limits);
  }

  write(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.heldBytes + chunk.length < this.rescanAt) {
      // A long token (comment, CDATA, start tag with a long value) is still arriving: scanning it
      // again for every small chunk would cost its length squared.
      this.held.push(copyBytes(chunk));
      this.heldBytes += chunk.length;
      return;
    }
    this.feed(chunk, false);
  }

  end(): void {
    this.feed(EMPTY_BYTES, true);
    this.scanner.finish(0);
  }

  private feed(chunk: Uint8Array, final: boolean): void {
    let buf = chunk;
    if (this.heldBytes > 0) {
      buf = new Uint8Array(this.heldBytes + chunk.length);
      let at = 0;
      for (const part of this.held) {
        buf.set(part, at);
        at += part.length;
      }
      buf.set(chunk, at);
      this.held.length = 0;
      this.heldBytes = 0;
    }
    let start = 0;
    if (!this.started) {
      // Wait for three bytes before deciding whether the body opens with a byte order mark.
      const maybeBom = buf.length < 3 && [0xef, 0xbb, 0xbf].every((b, k) => k >= buf.length || buf[k] === b);
      if (maybeBom && !final) {
        this.hold(copyBytes(buf));
        return;
      }
      this.started = true;
      start = bomLength(buf);
    }
    this.scanner.base = this.base;
    const stop = this.scanner.scan(buf, start, buf.length, final);
    this.scanner.detach(buf);
    this.base += stop;
    // Copy the unfinished tail so that the caller's chunk is not kept alive.
    if (stop < buf.length) this.hold(copyBytes(buf, stop));
    else this.rescanAt = 0;
  }

  private hold(tail: Uint8Array): void {
    this.held.push(tail);
    this.heldBytes = tail.length;
    this.rescanAt = tail.length >= RESCAN_MIN_BYTES ? 2 * tail.length : 0;
  }
}

let idle: Scanner | undefined = new Scanner();

/**
 * The fast byte tokenizer; fast-scanner.ts lists what it accepts. A stream that threw is done:
 * write no more to it.
 */
export const fastTokenizer: XmlTokenizer = Object.freeze({
  name: 'fast' as const,
  tokenize(body: Uint8Array, sink: XmlSink, names: NameTable, limits: XmlLimits): void {
    // One scanner serves every whole body; a sink that tokenizes another body from inside gets its own.
    const scanner = (idle ?? new Scanner()).reset(sink, names, limits);
    idle = undefined;
    try {
      const end = scanner.scan(body, bomLength(body), body.length, true);
      scanner.finish(end);
    } finally {
      scanner.release();
      idle = scanner;
    }
  },
  stream(sink: XmlSink, names: NameTable, limits: XmlLimits): XmlTokenStream {
    return new FastStream(sink, names, limits);
  },
});
