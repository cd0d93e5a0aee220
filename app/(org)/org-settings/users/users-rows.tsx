'use client';

import type { CSSProperties } from 'react';

import { avatarHue } from '@/components/shell/avatar';
import { BreakableEmail } from '@/components/ui/breakable-email';
import { Link } from '@/components/ui/link';
import type { UserStatus } from '@/lib/org/user-schemas';
import type { UserListRow } from '@/lib/org/users-query';

import { USERS_PATH } from './paths';

type Role = UserListRow['role'];

/**
 * One person of the list, as few bytes as the page's RSC payload can carry: a tuple, not an
 * object, and keys (role, status) instead of their words, which come once in `UsersRowsLabels`.
 */
export type UsersRow = [
  id: string,
  name: string,
  email: string,
  role: Role,
  status: UserStatus,
  groupCount: number,
  initials: string,
  photoUrl?: string,
];

export type UsersRowsLabels = {
  roles: Record<Role, string>;
  statuses: Record<UserStatus, string>;
  /** "(you)", after the viewer's own name. */
  you: string;
  /** "2 groups" for each group count on the page. */
  groupCounts: Record<number, string>;
};

/**
 * The rows of the users table. Their look is in globals.css (`.users-table`), so each cell is
 * short and appears once: narrow screens restyle the same cells rather than show a folded copy.
 */
export function UsersRows({ rows, viewerId, labels }: { rows: UsersRow[]; viewerId: string; labels: UsersRowsLabels }) {
  return (
    <tbody>
      {rows.map(([id, name, email, role, status, groupCount, initials, photoUrl]) => (
        <tr key={id}>
          <td>
            {photoUrl ? (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={photoUrl} alt="" width={36} height={36} />
            ) : (
              <span aria-hidden style={{ '--hue': avatarHue(id) } as CSSProperties}>
                {initials}
              </span>
            )}
            <Link href={`${USERS_PATH}/${id}`}>{name}</Link>
            {id === viewerId ? <small>{labels.you}</small> : null}
          </td>
          <td>
            <BreakableEmail email={email} />
          </td>
          <td>{labels.roles[role]}</td>
          <td>
            <span data-status={status}>{labels.statuses[status]}</span>
          </td>
          <td title={labels.groupCounts[groupCount]}>
            <span aria-hidden>{groupCount}</span>
            <span className="sr-only">{labels.groupCounts[groupCount]}</span>
          </td>
        </tr>
      ))}
    </tbody>
  );
}
