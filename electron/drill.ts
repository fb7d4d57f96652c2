/**
 * `npm run drill`: runs drills headless on the demo simulator (virtual clock, real model,
 * real ActionEngine with an audit log in a temp dir) with the scenario's autopilot playing the
 * operator, and prints each debrief as one JSON line. Exit code 0 when every drill was solved.
 */
import { parseDrillArgs, DRILL_USAGE } from './core/drills/drillCli';
import { runHeadlessDrill } from './core/drills/headlessDrill';
import { SCENARIOS } from './core/drills/scenarios';

async function main(): Promise<number> {
  let cmd;
  try {
    cmd = parseDrillArgs(process.argv.slice(2), SCENARIOS.map((s) => s.id));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (cmd.kind === 'help') {
    process.stdout.write(`${DRILL_USAGE}\n`);
    return 0;
  }
  if (cmd.kind === 'list') {
    for (const s of SCENARIOS) process.stdout.write(`${s.id}\n`);
    return 0;
  }
  let allSolved = true;
  for (const id of cmd.scenarios) {
    try {
      const { debrief } = await runHeadlessDrill(id, {
        seed: cmd.seed,
        dataDir: cmd.dataDir,
        log: cmd.verbose ? (line) => process.stderr.write(`[${id}] ${line}\n`) : undefined,
      });
      process.stdout.write(`${JSON.stringify(debrief)}\n`);
      if (debrief.outcome !== 'solved') allSolved = false;
    } catch (err) {
      allSolved = false;
      process.stdout.write(`${JSON.stringify({ scenarioId: id, outcome: 'error', error: (err as Error).message })}\n`);
    }
  }
  return allSolved ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`drill failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
