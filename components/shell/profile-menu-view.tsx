'use client';

import { Link } from '@/components/ui/link';
import { switchStatus } from '@/lib/availability/menu-actions';
import { AVAILABILITY_DOT, AVAILABILITY_OPTIONS, type Availability } from '@/lib/availability/status';

import { Avatar } from './avatar';
import { CloseOnEscape, StatusDisclosure } from './close-on-escape';

export type ProfileMenuLabels = {
  open: string;
  changePhoto: string;
  statuses: string;
  /** "Status: Online". */
  status: string;
  options: Record<Availability, string>;
  settings: string;
  orgSettings: string;
  help: string;
  techSupport: string;
  signOut: string;
};

export type ProfileMenuPerson = {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  displayName: string;
  availability: Availability;
  /** The photo's address for avatars up to 40 px wide (the menu shows it at 32 and 40). */
  photoUrl: string | null;
};

const itemClass = 'menu-item';

/**
 * A <details> menu: opens and closes without JavaScript. The status switch and Sign out are real
 * POST forms; the avatar inside leads to the photo editor. Rendered on the server into the page
 * like any component; a client component so that every page's React payload carries the menu's
 * few facts and words rather than the whole menu a second time.
 */
export function ProfileMenuView({
  person,
  labels,
  showOrgSettings,
  supportUrl,
}: {
  person: ProfileMenuPerson;
  labels: ProfileMenuLabels;
  showOrgSettings: boolean;
  supportUrl: string | null;
}) {
  const dotClass = AVAILABILITY_DOT[person.availability] ?? AVAILABILITY_DOT.offline;
  const avatar = { id: person.id, firstName: person.firstName, lastName: person.lastName, email: person.email };
  return (
    <details className="group relative">
      <summary className="menu-summary">
        <Avatar {...avatar} photoUrl={person.photoUrl} status={{ dotClass, label: labels.status }} />
        <span className="hidden max-w-48 truncate text-sm font-medium sm:inline">{person.displayName}</span>
        <span className="sr-only">{labels.open}</span>
      </summary>
      <CloseOnEscape />
      <div className="menu-panel">
        <div className="flex items-center gap-3 px-3 py-2">
          {/* The avatar opens the photo editor, as the guides describe. */}
          <Link
            href="/settings/profile/photo"
            className="shrink-0 rounded-full outline-offset-2 focus-visible:outline-2 focus-visible:outline-brand-600"
            title={labels.changePhoto}
          >
            <Avatar {...avatar} photoUrl={person.photoUrl} size={40} />
            <span className="sr-only">{labels.changePhoto}</span>
          </Link>
          <div className="min-w-0">
            <p className="truncate text-sm font-medium">{person.displayName}</p>
            <p className="truncate text-xs muted">{person.email}</p>
          </div>
        </div>
        <StatusDisclosure label={labels.status} dotClass={dotClass} listId="status-options">
          {/* One form per status: a click sets it, with or without JavaScript. */}
          <ul aria-label={labels.statuses}>
            {AVAILABILITY_OPTIONS.map((option) => (
              <li key={option}>
                <form action={switchStatus}>
                  <input type="hidden" name="availability" value={option} />
                  <button
                    type="submit"
                    className={`${itemClass} flex items-center gap-2`}
                    aria-pressed={option === person.availability}
                  >
                    <span aria-hidden className={`status-dot ${AVAILABILITY_DOT[option]}`} />
                    <span className="flex-1">{labels.options[option]}</span>
                    {option === person.availability ? (
                      <span aria-hidden className="text-brand-700 dark:text-brand-100">
                        ✓
                      </span>
                    ) : null}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </StatusDisclosure>
        <ul className="mt-1 border-t border-zinc-200 pt-1 dark:border-zinc-800">
          <li>
            <Link className={itemClass} href="/settings/profile">
              {labels.settings}
            </Link>
          </li>
          {showOrgSettings ? (
            <li>
              <Link className={itemClass} href="/org-settings">
                {labels.orgSettings}
              </Link>
            </li>
          ) : null}
          <li>
            <Link className={itemClass} href="/help">
              {labels.help}
            </Link>
          </li>
          {supportUrl ? (
            <li>
              <a className={itemClass} href={supportUrl} target="_blank" rel="noreferrer noopener">
                {labels.techSupport}
              </a>
            </li>
          ) : null}
          <li>
            <form action="/sign-out" method="post">
              <button type="submit" className={itemClass}>
                {labels.signOut}
              </button>
            </form>
          </li>
        </ul>
      </div>
    </details>
  );
}
