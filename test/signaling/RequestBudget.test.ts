import { describe, expect, it } from 'vitest';
import { REQUEST_BURST, REQUESTS_PER_SECOND, RequestBudget } from '../../signaling/RequestBudget';

describe('RequestBudget', () => {
  it('allows a burst, then refuses, then refills with time', () => {
    let now = 0;
    const budget = new RequestBudget(() => now);
    for (let i = 0; i < REQUEST_BURST; i++) expect(budget.take()).toBe(true);
    expect(budget.take()).toBe(false);
    now += 1000;
    for (let i = 0; i < REQUESTS_PER_SECOND; i++) expect(budget.take()).toBe(true);
    expect(budget.take()).toBe(false);
  });
});
