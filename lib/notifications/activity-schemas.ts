import { fields } from '@/lib/actions/schema-fields';
import { z } from '@/lib/actions/zod';

/** The page the person was on (an "Older" cursor), so a mark brings them back to it; checked again where used. */
const before = z.optional(z.string().check(z.maxLength(200)));

export const markReadSchema = z.object({ notificationId: fields.uuid(), before });
export type MarkReadInput = z.output<typeof markReadSchema>;

export const markAllReadSchema = z.object({ before });
