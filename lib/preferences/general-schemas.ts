import { z } from '@/lib/actions/zod';

import { ANIMATION_OPTIONS, THEME_OPTIONS } from './appearance';
import { DASHBOARD_OPTIONS } from './dashboard';

const choice = <T extends readonly [string, ...string[]]>(options: T) =>
  z.enum(options, { error: 'general.errors.choice' });

export const dashboardDefaultsSchema = z.object({
  dateRange: choice(DASHBOARD_OPTIONS.dateRange),
  chartMetric: choice(DASHBOARD_OPTIONS.chartMetric),
  callsFilter: choice(DASHBOARD_OPTIONS.callsFilter),
  paymentsFilter: choice(DASHBOARD_OPTIONS.paymentsFilter),
});
export type DashboardDefaultsValues = z.input<typeof dashboardDefaultsSchema>;
export type DashboardDefaultsInput = z.output<typeof dashboardDefaultsSchema>;

export const appearanceSchema = z.object({
  theme: choice(THEME_OPTIONS),
  animations: choice(ANIMATION_OPTIONS),
});
export type AppearanceValues = z.input<typeof appearanceSchema>;
export type AppearanceInput = z.output<typeof appearanceSchema>;
