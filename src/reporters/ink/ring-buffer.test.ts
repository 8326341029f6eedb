import { expect, test } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

test('RingBuffer keeps the newest items, oldest first, and counts everything pushed', () => {
  const rb = new RingBuffer<number>(3);
  expect(rb.last()).toEqual([]);
  rb.push(1);
  rb.push(2);
  expect(rb.last()).toEqual([1, 2]);
  for (let i = 3; i <= 10; i++) rb.push(i);
  expect(rb.length).toBe(3);
  expect(rb.total).toBe(10);
  expect(rb.last()).toEqual([8, 9, 10]);
  expect(rb.last(2)).toEqual([9, 10]);
  expect(rb.last(99)).toEqual([8, 9, 10]);
  rb.clear();
  expect(rb.last()).toEqual([]);
  expect(() => new RingBuffer(0)).toThrow(RangeError);
});
