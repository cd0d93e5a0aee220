import 'server-only';

import { UTApi, UTFile } from 'uploadthing/server';

const EXTENSIONS: Record<string, string> = { 'image/webp': 'webp', 'image/jpeg': 'jpg', 'image/png': 'png' };

/**
 * Token, API and ingest URLs come from UPLOADTHING_TOKEN, UPLOADTHING_API_URL and
 * UPLOADTHING_INGEST_URL (the SDK reads them); tests pass a client aimed at a local fake.
 */
export function uploadThingClient(): UTApi {
  return new UTApi({ logLevel: 'Error' });
}

/** Uploads under our file id as UploadThing's custom id, so a delete needs nothing but the id. */
export async function uploadToUploadThing(
  file: { id: string; data: Buffer; contentType: string },
  api: UTApi = uploadThingClient(),
): Promise<string> {
  const name = `${file.id}.${EXTENSIONS[file.contentType] ?? 'bin'}`;
  const result = await api.uploadFiles(
    new UTFile([new Uint8Array(file.data)], name, { type: file.contentType, customId: file.id }),
  );
  if (result.error) throw new Error(`UploadThing upload failed: ${result.error.code} ${result.error.message}`);
  return result.data.ufsUrl;
}

export async function deleteFromUploadThing(ids: string[], api: UTApi = uploadThingClient()): Promise<void> {
  const result = await api.deleteFiles(ids, { keyType: 'customId' });
  if (!result.success) throw new Error('UploadThing did not delete the files.');
}
