// Turns a run folder into a failure-alarm test fixture (test/unit/core/fixtures/alarms/NAME.json):
// the run's experiment.json and its metrics.jsonl, numbers rounded to 4 significant digits so the
// file stays small. The fixtures are real runs of the engine; this is how they were made.
// Usage: tsx scripts/recordAlarmFixture.ts RUN_DIR NAME
import * as fs from 'fs';
import * as path from 'path';
import { readRun } from '../src/core/run/readRun';

const [runDir, name] = process.argv.slice(2);
if (!runDir || !name) {
  console.error('usage: tsx scripts/recordAlarmFixture.ts RUN_DIR NAME');
  process.exit(1);
}
const run = readRun(runDir);
const experiment = JSON.parse(fs.readFileSync(path.join(runDir, 'experiment.json'), 'utf8'));
const round = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v);
const records = run.metrics.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])));
const out = path.join(__dirname, '..', 'test', 'unit', 'core', 'fixtures', 'alarms', `${name}.json`);
const note = `metrics.jsonl of a real run of the engine (${run.summary?.backend ?? 'unknown backend'}), 4 significant digits; experiment.json of that run`;
fs.writeFileSync(out, JSON.stringify({ note, experiment, records }) + '\n');
console.log(
  `${out}: ${records.length} records, alarms raised then: ${(run.summary?.alarms ?? []).map((a) => a.id).join(', ') || 'none'}`,
);
