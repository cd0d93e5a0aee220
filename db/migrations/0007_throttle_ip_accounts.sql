CREATE TABLE "auth_throttle_ip_accounts" (
	"ip_key" text NOT NULL,
	"account_key" text NOT NULL,
	"first_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "auth_throttle_ip_accounts_ip_key_account_key_pk" PRIMARY KEY("ip_key","account_key")
);
