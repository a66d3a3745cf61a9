import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { DeadlineQueue } from '../src/deadline-queue.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

it('expires each key delayMs after its last touch, however often it was touched', () => {
  const expired: string[] = [];
  const queue = new DeadlineQueue<string, number>(100, (key) => expired.push(key));
  queue.touch('busy', 1);
  queue.touch('idle', 1);
  for (let at = 10; at <= 250; at += 10) {
    vi.advanceTimersByTime(10);
    queue.touch('busy', at);
  }
  // idle fell due at 100; busy, touched at 250, is due at 350.
  expect(expired).toEqual(['idle']);
  expect(queue.get('busy')).toBe(250);
  vi.advanceTimersByTime(99);
  expect(expired).toEqual(['idle']);
  vi.advanceTimersByTime(1);
  expect(expired).toEqual(['idle', 'busy']);
  expect(queue.size).toBe(0);
});

it('keeps expiry order across re-queued keys and leaves no timer once empty', () => {
  const expired: string[] = [];
  const queue = new DeadlineQueue<string, true>(100, (key) => expired.push(key));
  queue.touch('a', true); // due 100
  vi.advanceTimersByTime(50);
  queue.touch('b', true); // due 150
  queue.touch('a', true); // due 150, still queued ahead of b
  vi.advanceTimersByTime(60); // 110: a is re-queued behind b, nothing expires
  expect(expired).toEqual([]);
  queue.touch('c', true); // due 210
  vi.advanceTimersByTime(40); // 150: b, then a
  expect(expired).toEqual(['b', 'a']);
  vi.advanceTimersByTime(60);
  expect(expired).toEqual(['b', 'a', 'c']);
  expect(vi.getTimerCount()).toBe(0);
  queue.touch('d', true);
  expect(queue.delete('d')).toBe(true);
  expect(vi.getTimerCount()).toBe(0);
});

it('shift() takes the key queued longest without expiring it, and disarms the timer once empty', () => {
  const expired: string[] = [];
  const queue = new DeadlineQueue<string, true>(100, (key) => expired.push(key));
  queue.touch('first', true);
  vi.advanceTimersByTime(10);
  queue.touch('second', true);
  expect(queue.shift()).toBe('first');
  expect(queue.shift()).toBe('second');
  expect(queue.shift()).toBeUndefined();
  expect(vi.getTimerCount()).toBe(0);
  vi.advanceTimersByTime(1_000);
  expect(expired).toEqual([]);
});
