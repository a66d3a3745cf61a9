import { expect, it } from 'vitest';
import { SentPositions } from '../src/sent-positions.js';

it('keeps the highest seq sent of each run, never moving back, and forgets the oldest run past its limit', () => {
  const positions = new SentPositions(2);
  positions.sent('a', 3);
  positions.sent('a', 2); // a replay of older events
  expect(positions.upTo('a')).toBe(3);
  positions.sent('b', 1);
  positions.sent('a', 5); // a known run moving on takes no extra place
  expect(positions.size).toBe(2);
  positions.sent('c', 7);
  expect(positions.size).toBe(2);
  expect(positions.upTo('a')).toBe(0);
  expect([positions.upTo('b'), positions.upTo('c')]).toEqual([1, 7]);
  expect(positions.upTo('never-sent')).toBe(0);
});
