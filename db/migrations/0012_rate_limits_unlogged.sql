-- The API's request counters change on every request and are worth nothing after a crash: an
-- unlogged table writes no WAL for them, so a request does not wait for a disk flush.
ALTER TABLE "api_rate_limits" SET UNLOGGED;
