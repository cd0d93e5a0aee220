import 'server-only';

import { registerDataExportHandler } from '../data-export/task';
import { registerTaskHandler } from '../tasks/runner';
import { AUDIT_EXPORT, runAuditExport } from './audit';
import { GROUP_MEMBERS_EXPORT, runGroupMembersExport } from './group-members';
import { runUsersExport, USERS_EXPORT } from './users';

/** The exports a background task runs: each writes a CSV file for its owner to download. */
export function registerExportHandlers(): void {
  registerTaskHandler(USERS_EXPORT, runUsersExport);
  registerTaskHandler(GROUP_MEMBERS_EXPORT, runGroupMembersExport);
  registerTaskHandler(AUDIT_EXPORT, runAuditExport);
  registerDataExportHandler();
}
