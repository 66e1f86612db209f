/** Progress of a long command: a redrawn bar on a terminal, nothing otherwise (output stays machine-readable). */
export interface Progress {
  tick(done: number, note?: string): void;
  done(): void;
}

const silent: Progress = { tick: () => {}, done: () => {} };

export function progress(stream: { write(text: string): unknown }, interactive: boolean, label: string, total: number): Progress {
  if (!interactive || total <= 0) return silent;
  const started = Date.now();
  let last = 0;
  const draw = (done: number, note = ''): void => {
    const width = 28;
    const filled = Math.round((done / total) * width);
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)}/s ${note}`.padEnd(90).slice(0, 120));
  };
  return {
    tick(done, note) {
      const now = Date.now();
      if (now - last < 80 && done < total) return;
      last = now;
      draw(done, note);
    },
    done() {
      draw(total);
      stream.write('\n');
    },
  };
}
