import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';

import { bytea, createdAt, id } from './columns';
import { organizations } from './organizations';

export const files = pgTable('files', {
  id: id(),
  orgId: uuid('org_id')
    .notNull()
    .references(() => organizations.id, { onDelete: 'cascade' }),
  ownerUserId: uuid('owner_user_id'),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  /** Null when the bytes live with an external store (UploadThing); then `url` is set. */
  data: bytea('data'),
  url: text('url'),
  /** The small variant (64 px) of an image, when one was made: bytes here or a URL outside. */
  thumbData: bytea('thumb_data'),
  thumbUrl: text('thumb_url'),
  createdAt: createdAt(),
});
