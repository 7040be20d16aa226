import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ManusError } from '../../core/errors.ts';
import { instrumentSchema, screeningRule } from '../../core/instruments/dictionary.ts';
import { getInstrument, INSTRUMENTS } from '../../core/instruments/registry.ts';
import { scoreInstrument, variantNames } from '../../core/instruments/score.ts';
import { printJson, readStdin } from '../context.ts';

interface ScoreOptions {
  input?: string;
  variant?: string;
  describe?: boolean;
}

/** The instruments, and the item ids and rules of the screening ones, for `manus score --help`. */
function instrumentHelp(): string {
  const width = Math.max(...INSTRUMENTS.map((d) => d.id.length)) + 2;
  const lines = ['', 'Instruments (kind; variants, the first is the default):'];
  for (const d of INSTRUMENTS) {
    const variants = variantNames(d);
    const kind = d.kind === 'scored' ? 'scored' : d.score ? 'form with derived values' : 'form, no score';
    lines.push(
      `  ${d.id.padEnd(width)}${d.title.en} (${kind}${variants.length ? `; ${variants.join(', ')}` : ''})`,
    );
  }
  const screening = INSTRUMENTS.filter((d) => d.items.some((item) => screeningRule(item, 'en')));
  for (const d of screening) {
    lines.push(
      '',
      `Items of ${d.id} (booleans unless stated; the answer that excludes or calls for a precaution):`,
    );
    const itemWidth = Math.max(...d.items.map((i) => i.id.length)) + 2;
    for (const item of d.items)
      lines.push(
        `  ${item.id.padEnd(itemWidth)}${screeningRule(item, 'en')}${item.type === 'integer' ? ' (integer)' : ''}`,
      );
  }
  lines.push(
    '',
    'Input: one JSON object of item values; an absent or null item is missing, and NASK, UNK, NA or ND record why.',
    'Output: { instrument, version, variant, total, complete, missing, interpretation, ... } on standard output.',
  );
  return lines.join('\n');
}

async function readInput(source: string): Promise<unknown> {
  let text: string;
  try {
    text = source === '-' ? await readStdin() : readFileSync(source, 'utf8');
  } catch (error) {
    throw new ManusError('bad_request', `Cannot read ${source}`, [
      { path: 'input', code: 'unreadable', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ManusError('bad_request', `${source === '-' ? 'Standard input' : source} is not valid JSON`, [
      { path: 'input', code: 'unreadable', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .description('Score an instrument from a JSON object of item values (the contract of instruments.md)')
    .argument('<instrument>', 'instrument id, listed below')
    .option('--input <file>', 'JSON file of item values, or - for standard input')
    .option('--variant <name>', 'scoring variant (default: the first listed)')
    .option('--describe', 'print the item schema as JSON instead of scoring')
    .addHelpText('after', instrumentHelp)
    .action(async (id: string, options: ScoreOptions) => {
      const definition = getInstrument(id);
      if (options.describe) {
        printJson(instrumentSchema(definition));
        return;
      }
      if (options.input === undefined) {
        throw new ManusError('bad_request', 'Nothing to score', [
          { path: 'input', code: 'required', message: 'give --input FILE, or --input - for standard input' },
        ]);
      }
      printJson(scoreInstrument(definition, await readInput(options.input), options.variant));
    });
}
