import { initialsStyle } from '@/components/shell/avatar';
import { imageUrl } from '@/lib/files/url';

/** The group's photo, or its initial on a colour taken from its id. */
export function GroupAvatar({
  id,
  name,
  photoFileId,
  size = 32,
}: {
  id: string;
  name: string;
  photoFileId: string | null;
  size?: number;
}) {
  if (photoFileId) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- served by /files with immutable caching
      <img
        src={imageUrl(photoFileId, size) ?? undefined}
        alt=""
        width={size}
        height={size}
        className="shrink-0 rounded-md object-cover"
        style={{ width: size, height: size }}
      />
    );
  }
  return (
    <span aria-hidden className="group-initials" style={initialsStyle(id, size)}>
      {Array.from(name.trim())[0]?.toUpperCase() ?? '#'}
    </span>
  );
}
