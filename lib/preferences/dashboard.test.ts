import { describe, expect, it } from 'vitest';

import { animationsToChoice, choiceToAnimations } from './appearance';
import {
  DASHBOARD_FALLBACK,
  DASHBOARD_FIELDS,
  DASHBOARD_OPTIONS,
  isDashboardOption,
  resolveDashboardDefaults,
} from './dashboard';

describe('dashboard defaults', () => {
  it('falls back for nothing stored, and for values no longer offered', () => {
    expect(resolveDashboardDefaults({})).toEqual(DASHBOARD_FALLBACK);
    expect(resolveDashboardDefaults(null)).toEqual(DASHBOARD_FALLBACK);
    expect(resolveDashboardDefaults({ dateRange: 'lastDecade', chartMetric: 'tickets' })).toEqual({
      ...DASHBOARD_FALLBACK,
      chartMetric: 'tickets',
    });
  });

  it('offers every fallback as an option', () => {
    for (const field of DASHBOARD_FIELDS) expect(DASHBOARD_OPTIONS[field]).toContain(DASHBOARD_FALLBACK[field]);
  });

  it('checks a value against its own field only', () => {
    expect(isDashboardOption('callsFilter', 'missed')).toBe(true);
    expect(isDashboardOption('paymentsFilter', 'missed')).toBe(false);
    expect(isDashboardOption('dateRange', 7)).toBe(false);
  });
});

describe('animations choice', () => {
  it('maps the nullable column both ways', () => {
    for (const value of [true, false, null]) expect(choiceToAnimations(animationsToChoice(value))).toBe(value);
  });
});
