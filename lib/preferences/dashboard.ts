import type { DashboardDefaults } from '@/db/schema/users';

/**
 * The one catalogue of dashboard defaults: the values stored in `users.dashboard_defaults`, what
 * applies when nothing (or something no longer offered) is stored, and the message key of each
 * option's label (`general.dashboard.options.<value>`). Dashboards of the suite read the same values.
 */
export const DASHBOARD_OPTIONS = {
  dateRange: ['today', 'last7Days', 'last30Days', 'thisMonth', 'lastMonth', 'thisQuarter', 'thisYear'],
  chartMetric: ['revenue', 'calls', 'tickets', 'conversionRate'],
  callsFilter: ['all', 'inbound', 'outbound', 'missed'],
  paymentsFilter: ['all', 'succeeded', 'pending', 'failed', 'refunded'],
} as const satisfies Record<keyof DashboardDefaults, readonly string[]>;

export type DashboardField = keyof typeof DASHBOARD_OPTIONS;
export type ResolvedDashboardDefaults = { [K in DashboardField]: (typeof DASHBOARD_OPTIONS)[K][number] };

export const DASHBOARD_FIELDS = Object.keys(DASHBOARD_OPTIONS) as DashboardField[];

export const DASHBOARD_FALLBACK: ResolvedDashboardDefaults = {
  dateRange: 'last7Days',
  chartMetric: 'revenue',
  callsFilter: 'all',
  paymentsFilter: 'all',
};

export function isDashboardOption<K extends DashboardField>(
  field: K,
  value: unknown,
): value is ResolvedDashboardDefaults[K] {
  return typeof value === 'string' && (DASHBOARD_OPTIONS[field] as readonly string[]).includes(value);
}

/** Stored values where they are still offered, the fallback elsewhere. */
export function resolveDashboardDefaults(stored: DashboardDefaults | null | undefined): ResolvedDashboardDefaults {
  const pick = <K extends DashboardField>(field: K): ResolvedDashboardDefaults[K] => {
    const value = stored?.[field];
    return isDashboardOption(field, value) ? value : DASHBOARD_FALLBACK[field];
  };
  return {
    dateRange: pick('dateRange'),
    chartMetric: pick('chartMetric'),
    callsFilter: pick('callsFilter'),
    paymentsFilter: pick('paymentsFilter'),
  };
}
