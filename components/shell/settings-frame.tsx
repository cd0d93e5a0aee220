import type { ReactNode } from 'react';

import type { CurrentUser } from '@/lib/auth/current';
import { getT } from '@/lib/i18n/server';
import { titleKey, type Section } from '@/lib/settings/sections';

import { AppHeader } from './app-header';
import { MfaReminder } from './mfa-reminder';
import { SectionNav, type AreaLink } from './section-nav';

/** Header, section navigation and a ~720 px content column: the frame of every settings page. */
export async function SettingsFrame({
  current,
  base,
  navLabel,
  sections,
  area,
  unread,
  children,
}: {
  current: CurrentUser;
  /** The header bell's unread count (`unreadCount`), loaded by the layout. */
  unread: number;
  base: string;
  navLabel: string;
  sections: Section[];
  /** The other settings area, when the user may open it. */
  area?: AreaLink;
  children: ReactNode;
}) {
  const t = await getT();
  // Titles in the user's language, so the navigation needs no messages in the browser.
  // `soon` only where it applies: an undefined prop still costs every page its name in the payload.
  const links = sections.map((s) => ({
    slug: s.slug,
    title: t(titleKey(s)),
    ...(s.soon ? { soon: t('common.soon') } : {}),
  }));
  return (
    <>
      <AppHeader current={current} unread={unread} />
      <div className="settings-frame">
        <aside className="md:w-56 md:shrink-0">
          <SectionNav base={base} label={navLabel} sections={links} area={area} />
        </aside>
        <main id="content" className="min-w-0 max-w-[720px] flex-1">
          <MfaReminder current={current} />
          {children}
        </main>
      </div>
    </>
  );
}

export function PageHeading({ title, description }: { title: string; description?: string }) {
  return (
    <div className="mb-6">
      <h1 className="page-title">{title}</h1>
      {description ? <p className="description">{description}</p> : null}
    </div>
  );
}

export function ComingSoon({
  title,
  description,
  comingSoon,
}: {
  title: string;
  description: string;
  comingSoon: string;
}) {
  return (
    <>
      <PageHeading title={title} description={description} />
      <div className="rounded-lg border border-dashed border-zinc-300 p-6 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        {comingSoon}
      </div>
    </>
  );
}
