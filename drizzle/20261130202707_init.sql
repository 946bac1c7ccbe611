CREATE TABLE "ad_day" (
	"company_id" text COLLATE "C" NOT NULL,
	"store" text COLLATE "C" NOT NULL,
	"date" date NOT NULL,
	"channel" text COLLATE "C" NOT NULL,
	"campaign" text COLLATE "C" NOT NULL,
	"spend" numeric NOT NULL,
	"clicks" integer NOT NULL,
	"impressions" integer NOT NULL,
	"attributed_sales" numeric NOT NULL,
	"attributed_orders" integer NOT NULL,
	"batch_id" text COLLATE "C",
	CONSTRAINT "ad_day_company_id_store_date_channel_campaign_pk" PRIMARY KEY("company_id","store","date","channel","campaign")
);
--> statement-breakpoint
CREATE TABLE "company" (
	"company_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "competitor" (
	"company_id" text COLLATE "C" NOT NULL,
	"code" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"platform" text NOT NULL,
	"store" text COLLATE "C" NOT NULL,
	"tier" text NOT NULL,
	CONSTRAINT "competitor_company_id_code_pk" PRIMARY KEY("company_id","code")
);
--> statement-breakpoint
CREATE TABLE "competitor_snapshot" (
	"company_id" text COLLATE "C" NOT NULL,
	"competitor" text COLLATE "C" NOT NULL,
	"date" date NOT NULL,
	"values" jsonb NOT NULL,
	"batch_id" text COLLATE "C",
	CONSTRAINT "competitor_snapshot_company_id_competitor_date_pk" PRIMARY KEY("company_id","competitor","date")
);
--> statement-breakpoint
CREATE TABLE "cs_agent_day" (
	"company_id" text COLLATE "C" NOT NULL,
	"store" text COLLATE "C" NOT NULL,
	"date" date NOT NULL,
	"agent" text COLLATE "C" NOT NULL,
	"inquiries" integer NOT NULL,
	"paying_inquirers" integer NOT NULL,
	"inquiry_paid_amount" numeric NOT NULL,
	"response_seconds" numeric NOT NULL,
	"complaints" integer NOT NULL,
	"disputes" integer NOT NULL,
	"refunds_handled" integer NOT NULL,
	"orders" integer NOT NULL,
	"batch_id" text COLLATE "C",
	CONSTRAINT "cs_agent_day_company_id_store_date_agent_pk" PRIMARY KEY("company_id","store","date","agent")
);
--> statement-breakpoint
CREATE TABLE "fact_change" (
	"company_id" text COLLATE "C" NOT NULL,
	"batch_id" text COLLATE "C" NOT NULL,
	"kind" text NOT NULL,
	"key" jsonb NOT NULL,
	"old_values" jsonb NOT NULL,
	"new_values" jsonb NOT NULL,
	CONSTRAINT "fact_change_company_id_batch_id_kind_key_pk" PRIMARY KEY("company_id","batch_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "fx_rate" (
	"company_id" text COLLATE "C" NOT NULL,
	"date" date NOT NULL,
	"currency" text COLLATE "C" NOT NULL,
	"quote" text COLLATE "C" NOT NULL,
	"rate" numeric NOT NULL,
	"batch_id" text COLLATE "C",
	CONSTRAINT "fx_rate_company_id_date_currency_quote_pk" PRIMARY KEY("company_id","date","currency","quote")
);
--> statement-breakpoint
CREATE TABLE "import_batch" (
	"company_id" text COLLATE "C" NOT NULL,
	"batch_id" text COLLATE "C" NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"preset" text NOT NULL,
	"kind" text NOT NULL,
	"store" text COLLATE "C" NOT NULL,
	"rows_read" integer NOT NULL,
	"inserted" integer NOT NULL,
	"replaced" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"imported_by" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_batch_company_id_batch_id_pk" PRIMARY KEY("company_id","batch_id")
);
--> statement-breakpoint
CREATE TABLE "order_line" (
	"company_id" text COLLATE "C" NOT NULL,
	"store" text COLLATE "C" NOT NULL,
	"order_id" text COLLATE "C" NOT NULL,
	"line_no" integer NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"price" numeric NOT NULL,
	"amount" numeric NOT NULL,
	"cost" numeric,
	"refund" numeric NOT NULL,
	"shipping" numeric NOT NULL,
	"order_date" date NOT NULL,
	"paid_date" date,
	"refund_date" date,
	"status" text,
	"batch_id" text COLLATE "C",
	CONSTRAINT "order_line_company_id_store_order_id_line_no_pk" PRIMARY KEY("company_id","store","order_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "overhead_month" (
	"company_id" text COLLATE "C" NOT NULL,
	"month" text COLLATE "C" NOT NULL,
	"category" text COLLATE "C" NOT NULL,
	"store" text COLLATE "C" NOT NULL,
	"amount" numeric NOT NULL,
	"currency" text NOT NULL,
	"batch_id" text COLLATE "C",
	CONSTRAINT "overhead_month_company_id_month_category_store_pk" PRIMARY KEY("company_id","month","category","store")
);
--> statement-breakpoint
CREATE TABLE "store" (
	"company_id" text COLLATE "C" NOT NULL,
	"code" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"platform" text NOT NULL,
	"currency" text NOT NULL,
	"time_zone" text NOT NULL,
	"operator" text,
	CONSTRAINT "store_company_id_code_pk" PRIMARY KEY("company_id","code")
);
--> statement-breakpoint
CREATE TABLE "store_day" (
	"company_id" text COLLATE "C" NOT NULL,
	"store" text COLLATE "C" NOT NULL,
	"date" date NOT NULL,
	"paid_amount" numeric NOT NULL,
	"refunds" numeric NOT NULL,
	"shipping" numeric NOT NULL,
	"orders" integer NOT NULL,
	"paying_buyers" integer NOT NULL,
	"uv" integer NOT NULL,
	"pv" integer NOT NULL,
	"one_page_visitors" integer NOT NULL,
	"new_visitors" integer NOT NULL,
	"returning_visitors" integer NOT NULL,
	"cost_of_goods" numeric,
	"batch_id" text COLLATE "C",
	CONSTRAINT "store_day_company_id_store_date_pk" PRIMARY KEY("company_id","store","date")
);
--> statement-breakpoint
CREATE TABLE "traffic_source_day" (
	"company_id" text COLLATE "C" NOT NULL,
	"store" text COLLATE "C" NOT NULL,
	"date" date NOT NULL,
	"source" text COLLATE "C" NOT NULL,
	"uv" integer NOT NULL,
	"buyers" integer NOT NULL,
	"paid_amount" numeric NOT NULL,
	"cost" numeric NOT NULL,
	"batch_id" text COLLATE "C",
	CONSTRAINT "traffic_source_day_company_id_store_date_source_pk" PRIMARY KEY("company_id","store","date","source")
);
--> statement-breakpoint
ALTER TABLE "competitor" ADD CONSTRAINT "competitor_company_id_company_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("company_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fact_change" ADD CONSTRAINT "fact_change_company_id_batch_id_import_batch_company_id_batch_id_fk" FOREIGN KEY ("company_id","batch_id") REFERENCES "public"."import_batch"("company_id","batch_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store" ADD CONSTRAINT "store_company_id_company_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."company"("company_id") ON DELETE no action ON UPDATE no action;