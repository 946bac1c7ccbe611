CREATE TABLE "kpi_proposal" (
	"company_id" text COLLATE "C" NOT NULL,
	"id" integer NOT NULL,
	"family" text COLLATE "C" NOT NULL,
	"team" text COLLATE "C",
	"title" text NOT NULL,
	"yaml" text NOT NULL,
	"step" integer NOT NULL,
	"signatures" jsonb NOT NULL,
	"history" jsonb NOT NULL,
	"template" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_proposal_company_id_id_pk" PRIMARY KEY("company_id","id")
);
