CREATE TABLE "additional_point" (
	"company_id" text COLLATE "C" NOT NULL,
	"month" text COLLATE "C" NOT NULL,
	"employee" text COLLATE "C" NOT NULL,
	"id" integer NOT NULL,
	"points" text NOT NULL,
	"reason" text NOT NULL,
	"evidence" text NOT NULL,
	"entered_by" text NOT NULL,
	"status" text NOT NULL,
	"decided_by" text,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "additional_point_company_id_month_employee_id_pk" PRIMARY KEY("company_id","month","employee","id")
);
--> statement-breakpoint
CREATE TABLE "app_session" (
	"company_id" text COLLATE "C" NOT NULL,
	"id_hash" text COLLATE "C" NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "app_session_company_id_id_hash_pk" PRIMARY KEY("company_id","id_hash")
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"company_id" text COLLATE "C" NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"login" text COLLATE "C" NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"employee" text COLLATE "C",
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_user_company_id_user_id_pk" PRIMARY KEY("company_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "appraisal_form" (
	"company_id" text COLLATE "C" NOT NULL,
	"month" text COLLATE "C" NOT NULL,
	"employee" text COLLATE "C" NOT NULL,
	"template_id" text COLLATE "C" NOT NULL,
	"template_version" text COLLATE "C" NOT NULL,
	"supervisor" text COLLATE "C",
	"status" text NOT NULL,
	"actuals" jsonb NOT NULL,
	"targets" jsonb NOT NULL,
	"ratings" jsonb NOT NULL,
	"attendance" jsonb NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"scorecard" jsonb,
	"total" text,
	"grade" text,
	"calibrated_grade" text,
	"calibration_reason" text,
	"deadline" date,
	"confirmed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appraisal_form_company_id_month_employee_pk" PRIMARY KEY("company_id","month","employee")
);
--> statement-breakpoint
CREATE TABLE "appraisal_month" (
	"company_id" text COLLATE "C" NOT NULL,
	"month" text COLLATE "C" NOT NULL,
	"status" text NOT NULL,
	"objection_days" integer NOT NULL,
	"opened_by" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "appraisal_month_company_id_month_pk" PRIMARY KEY("company_id","month")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"company_id" text COLLATE "C" NOT NULL,
	"id" integer GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"why" text,
	CONSTRAINT "audit_log_company_id_id_pk" PRIMARY KEY("company_id","id")
);
--> statement-breakpoint
CREATE TABLE "employee" (
	"company_id" text COLLATE "C" NOT NULL,
	"code" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"team" text COLLATE "C",
	"family" text COLLATE "C",
	"level" text,
	"supervisor" text COLLATE "C",
	"hire_date" date,
	"leave_date" date,
	"agent" text,
	CONSTRAINT "employee_company_id_code_pk" PRIMARY KEY("company_id","code")
);
--> statement-breakpoint
CREATE TABLE "feedback_interview" (
	"company_id" text COLLATE "C" NOT NULL,
	"month" text COLLATE "C" NOT NULL,
	"employee" text COLLATE "C" NOT NULL,
	"strengths" text NOT NULL,
	"gaps" text NOT NULL,
	"plan" text NOT NULL,
	"recorded_by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_interview_company_id_month_employee_pk" PRIMARY KEY("company_id","month","employee")
);
--> statement-breakpoint
CREATE TABLE "job_family" (
	"company_id" text COLLATE "C" NOT NULL,
	"code" text COLLATE "C" NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "job_family_company_id_code_pk" PRIMARY KEY("company_id","code")
);
--> statement-breakpoint
CREATE TABLE "login_failure" (
	"company_id" text COLLATE "C" NOT NULL,
	"login" text COLLATE "C" NOT NULL,
	"ip" text COLLATE "C" NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "manual_figure" (
	"company_id" text COLLATE "C" NOT NULL,
	"month" text COLLATE "C" NOT NULL,
	"employee" text COLLATE "C" NOT NULL,
	"metric" text COLLATE "C" NOT NULL,
	"day" text COLLATE "C" DEFAULT '' NOT NULL,
	"value" text NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "manual_figure_company_id_month_employee_metric_day_pk" PRIMARY KEY("company_id","month","employee","metric","day")
);
--> statement-breakpoint
CREATE TABLE "objection" (
	"company_id" text COLLATE "C" NOT NULL,
	"month" text COLLATE "C" NOT NULL,
	"employee" text COLLATE "C" NOT NULL,
	"reason" text NOT NULL,
	"reviewer" text COLLATE "C",
	"status" text NOT NULL,
	"resolution" text,
	"resolved_by" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "objection_company_id_month_employee_pk" PRIMARY KEY("company_id","month","employee")
);
--> statement-breakpoint
CREATE TABLE "store_assignment" (
	"company_id" text COLLATE "C" NOT NULL,
	"employee" text COLLATE "C" NOT NULL,
	"store" text COLLATE "C" NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date,
	CONSTRAINT "store_assignment_company_id_employee_store_from_date_pk" PRIMARY KEY("company_id","employee","store","from_date")
);
--> statement-breakpoint
CREATE TABLE "team" (
	"company_id" text COLLATE "C" NOT NULL,
	"code" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"lead" text COLLATE "C",
	CONSTRAINT "team_company_id_code_pk" PRIMARY KEY("company_id","code")
);
--> statement-breakpoint
CREATE TABLE "template_version" (
	"company_id" text COLLATE "C" NOT NULL,
	"template_id" text COLLATE "C" NOT NULL,
	"version" text COLLATE "C" NOT NULL,
	"family" text COLLATE "C" NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"effective" date NOT NULL,
	"yaml" text NOT NULL,
	"applied" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "template_version_company_id_template_id_version_pk" PRIMARY KEY("company_id","template_id","version")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "app_session_id" ON "app_session" USING btree ("id_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "app_user_login" ON "app_user" USING btree ("login");--> statement-breakpoint
CREATE INDEX "appraisal_form_employee" ON "appraisal_form" USING btree ("company_id","employee","month");--> statement-breakpoint
CREATE INDEX "appraisal_form_supervisor" ON "appraisal_form" USING btree ("company_id","supervisor","month");--> statement-breakpoint
CREATE INDEX "employee_supervisor" ON "employee" USING btree ("company_id","supervisor");--> statement-breakpoint
CREATE INDEX "login_failure_key" ON "login_failure" USING btree ("login","ip","at");