// Medians of bench/run.sh's rounds: reads the run header (JSON) on stdin and the driver's result files from the
// folder given; prints the table to stderr and the whole result (header, medians, every run) as JSON to stdout.
import fs from 'node:fs';
import path from 'node:path';

const header = JSON.parse(fs.readFileSync(0, 'utf8'));
const dir = process.argv[2];
const runs = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
const median = (values) => {
  const sorted = values.filter((v) => v !== null && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const metrics = ['opsPerSecond', 'p50Ms', 'p90Ms', 'p99Ms', 'serverCpuMsPerOp', 'databaseCpuMsPerOp'];
const scenarios = [...new Set(runs.map((r) => r.scenario))];
const medians = {};
for (const scenario of scenarios) {
  medians[scenario] = {};
  for (const label of ['gatehouse', 'peer']) {
    const mine = runs.filter((r) => r.scenario === scenario && r.label === label);
    medians[scenario][label] = Object.fromEntries([
      ...metrics.map((m) => [m, median(mine.map((r) => r[m]))]),
      ['errors', mine.reduce((sum, r) => sum + r.errors, 0)],
      ['rounds', mine.length],
    ]);
  }
}

const fmt = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));
const ratio = (a, b) => (a && b ? (a / b).toFixed(2) : '-');
const { store = 'sqlite', nodes = 1 } = header.settings;
const lines = ['', `Gatehouse: ${nodes} node${nodes > 1 ? 's' : ''} on ${store}; peer: one process, in-memory store`, `scenario            | ops/s Gatehouse | ops/s peer | ratio | p99 ms G / peer | CPU ms/op G / peer | errors G/peer`];
for (const scenario of scenarios) {
  const g = medians[scenario].gatehouse; const p = medians[scenario].peer;
  lines.push(`${scenario.padEnd(19)} | ${fmt(g.opsPerSecond).padStart(15)} | ${fmt(p.opsPerSecond).padStart(10)} | ${ratio(g.opsPerSecond, p.opsPerSecond).padStart(5)} | `
    + `${`${fmt(g.p99Ms, 2)} / ${fmt(p.p99Ms, 2)}`.padStart(15)} | ${`${fmt(g.serverCpuMsPerOp, 3)} / ${fmt(p.serverCpuMsPerOp, 3)}`.padStart(18)} | ${g.errors}/${p.errors}`);
}
if (runs.some((r) => r.databaseCpuMsPerOp != null)) {
  lines.push('', `PostgreSQL CPU ms/op (all backends; not in Gatehouse's column): ${scenarios.map((s) => `${s} ${fmt(medians[s].gatehouse.databaseCpuMsPerOp, 3)}`).join(', ')}`);
}
const signin = medians.signin?.gatehouse?.opsPerSecond;
if (signin) {
  lines.push('', `Gatehouse sign-ins/s ${fmt(signin)} vs hash bound ${fmt(header.hashBoundSignInsPerSecond)} (${header.machine.cores} cores / ${header.hashMs} ms): ${fmt((100 * signin) / header.hashBoundSignInsPerSecond)} %`);
  // What a sign-in costs the server beyond its one password hash (the target compares this with the peer's).
  const beyond = (label) => { const cpu = medians.signin[label].serverCpuMsPerOp; return cpu === null ? '-' : fmt(cpu - header.hashMs); };
  lines.push(`server CPU per sign-in beyond the hash (ms): Gatehouse ${beyond('gatehouse')}, peer ${beyond('peer')}`);
}
lines.push(`cold start ms: Gatehouse ${header.coldStartMs.gatehouse} (first start ${header.coldStartMs.gatehouseFirstStart}), peer ${header.coldStartMs.peer}`);
lines.push(`RSS MB idle / peak: Gatehouse ${header.idleRssMb.gatehouse} / ${header.peakRssMb.gatehouse}, peer ${header.idleRssMb.peer} / ${header.peakRssMb.peer}`);
if (header.node2) lines.push(`Gatehouse node 2: cold start ${header.node2.coldStartMs} ms, peak RSS ${header.node2.peakRssMb} MB`);
lines.push('');
process.stderr.write(lines.join('\n'));
process.stdout.write(JSON.stringify({ ...header, medians, runs }, null, 2));
