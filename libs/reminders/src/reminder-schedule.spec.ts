import { daysUntil, dueOffset } from './reminder-schedule';

describe('reminder schedule', () => {
  it('counts calendar days to the deadline', () => {
    expect(daysUntil('2025-06-27', '2025-06-30')).toBe(3);
    expect(daysUntil('2025-06-30', '2025-06-30')).toBe(0);
    expect(daysUntil('2025-07-01', '2025-06-30')).toBe(-1);
    expect(daysUntil('2025-02-27', '2025-03-02')).toBe(3);
  });

  it('is due on an offset, catches a missed one up with the nearest, nothing outside', () => {
    const offsets = [7, 3, 1];
    expect(dueOffset(8, offsets)).toBeNull();
    expect(dueOffset(7, offsets)).toBe(7);
    expect(dueOffset(5, offsets)).toBe(7);
    expect(dueOffset(3, offsets)).toBe(3);
    expect(dueOffset(2, offsets)).toBe(3);
    expect(dueOffset(1, offsets)).toBe(1);
    expect(dueOffset(0, offsets)).toBe(1);
    expect(dueOffset(-1, offsets)).toBeNull();
    expect(dueOffset(3, [])).toBeNull();
  });
});
