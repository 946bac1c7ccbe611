CREATE TABLE "pay_ledger_entry" (
	"company_id" text COLLATE "C" NOT NULL,
	"id" integer NOT NULL,
	"employee" text COLLATE "C" NOT NULL,
	"month" text COLLATE "C" NOT NULL,
	"date" date NOT NULL,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"quantity" numeric NOT NULL,
	"unit_amount" numeric NOT NULL,
	"amount" numeric NOT NULL,
	"currency" text NOT NULL,
	"source" text NOT NULL,
	"source_file" text,
	"source_row" integer,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reverses" integer,
	"note" text,
	CONSTRAINT "pay_ledger_entry_company_id_id_pk" PRIMARY KEY("company_id","id")
);
--> statement-breakpoint
CREATE INDEX "pay_ledger_month" ON "pay_ledger_entry" USING btree ("company_id","month","employee");--> statement-breakpoint
CREATE UNIQUE INDEX "pay_ledger_reverses" ON "pay_ledger_entry" USING btree ("company_id","reverses");--> statement-breakpoint
CREATE INDEX "pay_ledger_source" ON "pay_ledger_entry" USING btree ("company_id","source_file","source_row");