import { writeStudyFolder } from './corpus/write-study-folder.ts';
import { openStudyFolder, validateSource } from '@iwa/services';
const dir = '/tmp/bench-probe-20';
const t0 = performance.now();
const stats = await writeStudyFolder(dir, { interviews: 20, seed: 42 });
process.stdout.write(JSON.stringify(stats) + ` ${Math.round(performance.now() - t0)} ms\n`);
const open = await openStudyFolder(dir);
if (!open.ok) {
  process.stdout.write(open.errors.join('\n') + '\n');
  process.exit(1);
}
process.stdout.write(open.source.warnings.slice(0, 5).join('\n') + '\n');
const v = await validateSource(open.source);
process.stdout.write(JSON.stringify(v).slice(0, 3000) + '\n');
