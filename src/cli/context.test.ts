import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ManusError } from '../core/errors.ts';
import { describeError } from './context.ts';

describe('describeError', () => {
  const importCommand = new Command('import')
    .option('--participant <code>', 'participant code')
    .option('--exam <id>', 'MRI exam')
    .option('--keep-originals', 'keep originals');
  const ambiguous = new ManusError('invalid', 'Participant P-0001 has 2 MRI exams (MR-A, MR-B): choose one', [
    { path: 'exam', code: 'required', message: 'required' },
    { path: 'keepOriginals', code: 'not_allowed', message: 'not with an inbox' },
    { path: 'studyDate', code: 'pattern', message: 'not a date' },
  ]);

  it("names a field at fault by the command's option for it, and any other field by its path", () => {
    expect(describeError(ambiguous, importCommand)).toBe(
      'manus: Participant P-0001 has 2 MRI exams (MR-A, MR-B): choose one' +
        '\n  --exam: required\n  --keep-originals: not with an inbox\n  studyDate: not a date',
    );
  });

  it('names fields by their paths when no command is known', () => {
    expect(describeError(ambiguous)).toContain('\n  exam: required\n');
  });
});
