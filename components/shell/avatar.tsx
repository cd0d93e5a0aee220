import type { CSSProperties } from 'react';

import { imageUrl } from '@/lib/files/url';

/**
 * A colour picked from the user's id, so initials keep their colour everywhere. At lightness 0.5
 * white initials keep a contrast of at least 5:1 on every hue (0.55 fell to 4.3:1 on teal).
 */
export function avatarHue(seed: string): number {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 360;
}

/** The size and colour of a block of initials (`.avatar-initials`, `.group-initials` in app/globals.css). */
export function initialsStyle(id: string, size: number): CSSProperties {
  return { '--size': `${size}px`, '--hue': avatarHue(id) } as CSSProperties;
}

export function initials(firstName: string, lastName: string, fallback: string): string {
  const letters = `${firstName.trim().charAt(0)}${lastName.trim().charAt(0)}`;
  return (letters || fallback.charAt(0)).toUpperCase();
}

/** A coloured dot in the avatar's corner; `label` is read out instead of the colour. */
export type AvatarStatus = { dotClass: string; label: string };

type AvatarUser = { id: string; firstName: string; lastName: string; email: string; photoFileId: string | null };

/** A person's avatar `size` pixels wide: their photo, in the variant sharp enough for that size, or their initials. */
export function UserAvatar({ user, size = 32, status }: { user: AvatarUser; size?: number; status?: AvatarStatus }) {
  return (
    <Avatar
      id={user.id}
      firstName={user.firstName}
      lastName={user.lastName}
      email={user.email}
      photoUrl={imageUrl(user.photoFileId, size)}
      size={size}
      status={status}
    />
  );
}

export function Avatar({
  status,
  ...props
}: {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  photoUrl?: string | null;
  size?: number;
  status?: AvatarStatus;
}) {
  if (!status) return <AvatarImage {...props} />;
  return (
    <span className="relative inline-flex shrink-0" title={status.label}>
      <AvatarImage {...props} />
      <span aria-hidden className={`avatar-dot ${status.dotClass}`} />
      <span className="sr-only">{status.label}</span>
    </span>
  );
}

function AvatarImage({
  id,
  firstName,
  lastName,
  email,
  photoUrl,
  size = 32,
}: {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  photoUrl?: string | null;
  size?: number;
}) {
  if (photoUrl) {
    return (
      // eslint-disable-next-line @next/next/no-img-element
      <img
        src={photoUrl}
        alt=""
        width={size}
        height={size}
        className="rounded-full object-cover"
        style={{ width: size, height: size }}
      />
    );
  }
  return (
    <span aria-hidden className="avatar-initials" style={initialsStyle(id, size)}>
      {initials(firstName, lastName, email)}
    </span>
  );
}
