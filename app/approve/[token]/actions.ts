'use server';

import { publicAction } from '@/lib/actions/define';
import { failure, success } from '@/lib/actions/result';
import { decideByLink } from '@/lib/approvals/requests';
import { kickMailQueue } from '@/lib/jobs/boss';

import { decideSchema } from './schema';

/** `final`: the link can do nothing more, so the form hides its buttons. */
const FINAL = { final: '1' };

export const decideApproval = publicAction(decideSchema, async (input, { db, meta }) => {
  const outcome = await decideByLink(db, input.token, input.decision, meta);
  switch (outcome) {
    case 'approved':
    case 'rejected':
      // The person whose approval was asked may get a mail about it now.
      await kickMailQueue();
      return success(`approvals.byEmail.${outcome}`, FINAL);
    default:
      return failure(`approvals.byEmail.${outcome}`, undefined, FINAL);
  }
});
