import { offsetOf, Page } from './page';

describe('Page', () => {
  it('computes totalPages from total and limit', () => {
    expect(new Page([], 1, 20, 0).totalPages).toBe(0);
    expect(new Page([], 1, 20, 41).totalPages).toBe(3);
  });
  it('maps items and keeps the paging', () => {
    const p = new Page([1, 2], 2, 2, 5, 'c').map((n) => n * 10);
    expect(p).toMatchObject({ items: [10, 20], page: 2, limit: 2, total: 5, nextCursor: 'c' });
    expect(p.totalIsEstimate).toBe(false);
    expect(new Page([1], 1, 1, 20_000, null, true).map(String).totalIsEstimate).toBe(true);
  });
  it('offsets by page', () => {
    expect(offsetOf({ page: 3, limit: 20 })).toBe(40);
  });
});
