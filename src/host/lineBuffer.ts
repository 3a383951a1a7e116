// Turns a stream's chunks into whole lines: a chunk may end mid-line, or carry several. Pure.

export class LineBuffer {
  private partial = '';

  /** The lines completed by `chunk` (without their line ends). */
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    return parts;
  }

  /** What is left once the stream has ended: a last line without a line end, if any. */
  end(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [rest] : [];
  }
}
