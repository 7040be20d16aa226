import { expect, it } from 'vitest';
import { ByteBudget } from './byte-budget.ts';

it('holds at most its capacity, serves waiters in order, and grants an oversized reservation alone', async () => {
  const budget = new ByteBudget(100);
  const first = await budget.reserve(60);
  const granted: string[] = [];
  const second = budget.reserve(50).then((release) => (granted.push('second'), release));
  const third = budget.reserve(10).then((release) => (granted.push('third'), release));
  await new Promise(setImmediate);
  // The third would fit beside the first, but waits its turn behind the second.
  expect(granted).toEqual([]);
  expect(budget.inUse).toBe(60);
  first();
  first();
  const [releaseSecond, releaseThird] = await Promise.all([second, third]);
  expect(granted).toEqual(['second', 'third']);
  expect(budget.inUse).toBe(60);
  const huge = budget.reserve(500);
  await new Promise(setImmediate);
  expect(budget.inUse).toBe(60);
  releaseSecond();
  releaseThird();
  const releaseHuge = await huge;
  expect(budget.inUse).toBe(500);
  releaseHuge();
  expect(budget.inUse).toBe(0);
});
