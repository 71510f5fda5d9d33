import cliProgress from 'cli-progress';
import type { ImportProgress } from '@iwa/services';

/** A progress bar on stderr (documents, excerpts, codings); silent when stderr is not a terminal. */
export function importProgressBar(enabled: boolean): ImportProgress {
  if (!enabled || !process.stderr.isTTY)
    return { start: () => {}, update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        'importing [{bar}] {percentage}% | {value}/{total} documents | {excerpts} excerpts | {codings} codings | {eta_formatted} left',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (t) => bar.start(t.documents, 0, { excerpts: 0, codings: 0 }),
    update: (d) => bar.update(d.documents, { excerpts: d.excerpts, codings: d.codings }),
    stop: () => bar.stop(),
  };
}
