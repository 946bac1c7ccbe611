/**
 * Progress on stderr for long work: a bar redrawn in place on a terminal, a line every 10% otherwise
 * (so CI logs and pipes still show it without flooding).
 */
export interface Progress {
  tick(done: number): void;
  end(): void;
}

export function progress(
  stream: { write(s: string): unknown; isTTY?: boolean },
  label: string,
  total: number,
): Progress {
  let lastShown = -1;
  const started = Date.now();
  const draw = (done: number, final: boolean) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (stream.isTTY) {
      if (!final && pct === lastShown) return;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}% ${done}/${total}`,
      );
      if (final) stream.write('\n');
    } else {
      const decile = Math.floor(pct / 10);
      if (!final && decile === lastShown) return;
      if (final)
        stream.write(`${label}: ${done}/${total} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      else stream.write(`${label}: ${pct}% (${done}/${total})\n`);
      lastShown = decile;
      return;
    }
    lastShown = pct;
  };
  return {
    tick: (done) => draw(done, false),
    end: () => draw(total, true),
  };
}
