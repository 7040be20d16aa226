import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { ManusError } from '../../core/errors.ts';
import {
  runStatsTest,
  STATS_TEST_NAMES,
  STATS_TESTS,
  type StatsTestName,
} from '../../core/stats/registry.ts';
import { printJson, readStdin } from '../context.ts';

const OUTPUT_NOTE =
  'Prints one JSON object. An infinite result is written as the string "Infinity" or "-Infinity"; an undefined ' +
  "one (R's NA or NaN) as null. Bad input exits with code 2 and names each offending field.";

async function readInput(source: string): Promise<unknown> {
  let text: string;
  try {
    text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  } catch (error) {
    throw new ManusError('bad_request', `Cannot read the input ${source}`, [
      { path: 'input', code: 'unreadable', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ManusError('bad_request', 'The input is not valid JSON', [
      { path: 'input', code: 'unreadable', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

/** The input keys of a test, from its schema, for `manus stats <test> --help`. */
function describeInput(name: StatsTestName): string {
  const schema = z.toJSONSchema(STATS_TESTS[name].input, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string; default?: unknown; enum?: unknown[] }>;
    required?: string[];
  };
  const lines = Object.entries(schema.properties ?? {}).map(([key, property]) => {
    const kind = property.enum
      ? property.enum.map((v) => JSON.stringify(v)).join(' | ')
      : (property.type ?? 'any');
    const note = schema.required?.includes(key)
      ? 'required'
      : property.default !== undefined
        ? `default ${JSON.stringify(property.default)}`
        : 'optional';
    return `  ${key.padEnd(12)} ${kind} (${note})`;
  });
  return `\nInput (JSON object):\n${lines.join('\n')}\n\nR equivalent: ${STATS_TESTS[name].r}\n${OUTPUT_NOTE}\n`;
}

export function registerStatsCommands(program: Command): void {
  const stats = program
    .command('stats')
    .description('Statistical tests with R semantics: manus stats <test> --input FILE|-')
    .option('--list', 'list the tests as JSON')
    .addHelpText('after', `\n${OUTPUT_NOTE}\n`)
    .action((options: { list?: boolean }) => {
      if (!options.list) {
        stats.help({ error: true });
        return;
      }
      printJson(
        STATS_TEST_NAMES.map((name) => ({
          name,
          description: STATS_TESTS[name].description,
          r: STATS_TESTS[name].r,
        })),
      );
    });
  for (const name of STATS_TEST_NAMES) {
    stats
      .command(name)
      .description(STATS_TESTS[name].description)
      .requiredOption('--input <file>', 'the JSON input: a file, or - for standard input')
      .addHelpText('after', describeInput(name))
      .action(async (options: { input: string }) =>
        printJson(runStatsTest(name, await readInput(options.input))),
      );
  }
}
