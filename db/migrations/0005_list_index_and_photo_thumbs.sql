ALTER TABLE "files" ADD COLUMN "thumb_data" "bytea";--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "thumb_url" text;--> statement-breakpoint
CREATE INDEX "users_org_created_idx" ON "users" USING btree ("org_id","created_at","id");