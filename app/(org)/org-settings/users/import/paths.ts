import { IMPORT_MAX_BYTES } from '@/lib/import/read';

export const IMPORT_PATH = '/org-settings/users/import';
export const IMPORT_UPLOAD_PATH = `${IMPORT_PATH}/upload`;
export const mappingPath = (blobId: string) => `${IMPORT_PATH}/${blobId}`;
/** Where a started import is followed. */
export const BACKGROUND_TASKS_PATH = '/settings/background-tasks';

/** The largest upload body: the file's own limit plus room for the multipart framing around it. */
export const UPLOAD_BODY_MAX_BYTES = IMPORT_MAX_BYTES + 1024 * 1024;
