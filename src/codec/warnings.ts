/** The decoder's record of what it tolerated, bounded so that a hostile body cannot grow it. */
export const MAX_WARNINGS = 32;

export class Warnings {
  list: string[] = [];

  add(message: string): void {
    // The same tolerance on every element (an undeclared prefix) is one warning, not one per element.
    if (this.list.includes(message)) return;
    if (this.list.length < MAX_WARNINGS) this.list.push(message);
    else if (this.list.length === MAX_WARNINGS) this.list.push('more warnings were dropped');
  }

  /** The warnings so far, leaving the collector empty for the next body. */
  take(): string[] | undefined {
    if (this.list.length === 0) return undefined;
    const out = this.list;
    this.list = [];
    return out;
  }
}
