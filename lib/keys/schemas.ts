import { z } from '@/lib/actions/zod';

/**
 * "Save key": the pasted armour; the file input ("keyFile") is read by the action itself, as a
 * file is no text field. Either may be empty here: which one must be given is the action's check.
 */
export const saveKeySchema = z.object({ publicKey: z.optional(z.string()) });
export type SaveKeyValues = { publicKey?: string };

export const removeKeySchema = z.object({});
