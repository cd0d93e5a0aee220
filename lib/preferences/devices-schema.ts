import { z } from '@/lib/actions/zod';

/** Browser device ids are opaque printable strings (Chromium: 64 hex digits, or "default"). */
const deviceId = z.pipe(
  z.optional(
    z.string().check(z.trim(), z.maxLength(200, 'errors.tooLong'), z.regex(/^[\x20-\x7e]*$/, 'devices.errors.id')),
  ),
  z.transform((value: string | undefined) => value ?? ''),
);

/** Kept beside the id: ids change when site data is cleared, names usually do not. */
const deviceLabel = z.pipe(
  z.optional(
    z.string().check(z.trim(), z.maxLength(200, 'errors.tooLong'), z.regex(/^[^\p{Cc}]*$/u, 'devices.errors.label')),
  ),
  z.transform((value: string | undefined) => value ?? ''),
);

/** An empty id means "the system default". */
export const devicesSchema = z.object({
  microphoneId: deviceId,
  microphoneLabel: deviceLabel,
  speakerId: deviceId,
  speakerLabel: deviceLabel,
});
export type DevicesValues = z.input<typeof devicesSchema>;
export type DevicesInput = z.output<typeof devicesSchema>;

export type SavedDevices = {
  microphoneId?: string;
  microphoneLabel?: string;
  speakerId?: string;
  speakerLabel?: string;
};
