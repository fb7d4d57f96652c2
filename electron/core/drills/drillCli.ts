/**
 * Argument parsing for `npm run drill`, kept pure so it is unit-tested.
 */
import { parseArgs } from 'node:util';

export const DRILL_USAGE = `Usage: npm run drill -- --list
       npm run drill -- --scenario ID|all --autopilot [--seed N] [--data-dir DIR] [--verbose]

  --list         print the scenario ids, one per line
  --scenario     the drill to run, or "all"
  --autopilot    play the scenario's scripted correct response (required: a headless drill has no operator)
  --seed N       demo simulator seed (default 42)
  --data-dir DIR record results in DIR/drills.jsonl (default: a temporary directory)
  --verbose      log each autopilot step on stderr

Prints one debrief JSON object per line; exits 0 when every drill was solved, 1 otherwise.`;

export type DrillCommand =
  | { kind: 'list' }
  | { kind: 'help' }
  | { kind: 'run'; scenarios: string[]; seed: number; dataDir?: string; verbose: boolean };

export function parseDrillArgs(argv: string[], known: readonly string[]): DrillCommand {
  const { values } = parseArgs({
    args: argv,
    options: {
      list: { type: 'boolean' }, scenario: { type: 'string' }, autopilot: { type: 'boolean' },
      seed: { type: 'string' }, 'data-dir': { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return { kind: 'help' };
  if (values.list) return { kind: 'list' };
  if (!values.scenario) throw new Error(`--scenario or --list is required.\n${DRILL_USAGE}`);
  if (!values.autopilot) throw new Error('A headless drill has no operator: add --autopilot to play the scripted response (or start the drill in the console).');
  const scenarios = values.scenario === 'all' ? [...known] : [values.scenario];
  for (const s of scenarios) if (!known.includes(s)) throw new Error(`Unknown scenario "${s}". Known: ${known.join(', ')}.`);
  let seed = 42;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31) throw new Error(`--seed must be an integer from 0 to ${2 ** 31}.`);
  }
  return { kind: 'run', scenarios, seed, dataDir: values['data-dir'], verbose: values.verbose === true };
}
