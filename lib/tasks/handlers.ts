import 'server-only';

import { registerExportHandlers } from '../exports/register';
import { notifyImportFinished, runUserImport } from '../import/task';
import { registerTaskHandler } from './runner';

/** Every action a background task can run, registered once when the job engine starts. */
export function registerTaskHandlers(): void {
  registerTaskHandler('users.import.check', (run) => runUserImport(run, true));
  registerTaskHandler('users.import', (run) => runUserImport(run, false), notifyImportFinished);
  registerExportHandlers();
}
