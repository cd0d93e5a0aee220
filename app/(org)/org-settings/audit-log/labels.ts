export { actionLabel, actorLabel, prefixLabel, targetLabel } from '@/lib/exports/audit-labels';
