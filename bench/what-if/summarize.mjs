// Medians per variant and scenario of bench/what-if.sh's runs (files <variant index>-<round>-<scenario>.json), as
// JSON on stdout and a table on stderr. Usage: node summarize.mjs RUNS_DIR VARIANT_NAME...
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [runsDir, ...names] = process.argv.slice(2);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const runs = new Map();
for (const file of readdirSync(runsDir)) {
  const match = /^(\d+)-(\d+)-(.+)\.json$/.exec(file);
  if (!match) continue;
  const [, index, , scenario] = match;
  const key = `${index}|${scenario}`;
  for (const result of JSON.parse(readFileSync(join(runsDir, file), 'utf8'))) {
    if (!runs.has(key)) runs.set(key, []);
    runs.get(key).push(result);
  }
}
const results = [];
for (const [key, list] of [...runs].sort()) {
  const [index, scenario] = key.split('|');
  results.push({
    variant: names[Number(index)] ?? index,
    scenario,
    rounds: list.length,
    errors: list.reduce((sum, run) => sum + run.errors, 0),
    opsPerSecond: median(list.map((run) => run.opsPerSecond)),
    p99Ms: median(list.map((run) => run.p99Ms)),
    serverCpuMsPerOp: median(list.map((run) => run.serverCpuMsPerOp)),
  });
}
for (const row of results) {
  process.stderr.write(`${row.scenario.padEnd(20)} ${row.variant.padEnd(42)} ${row.opsPerSecond.toFixed(1).padStart(8)} ops/s  ` +
    `p99 ${row.p99Ms.toFixed(1).padStart(6)} ms  CPU ${row.serverCpuMsPerOp.toFixed(2)} ms/op  errors ${row.errors}\n`);
}
process.stdout.write(JSON.stringify({ generated: new Date().toISOString(), results }, null, 2) + '\n');
