//! Rules the database itself enforces where the two engines need different DDL (triggers), applied after the
//! migrations at every start, idempotently and in one transaction. Portable schema lives in `migrations/`.
//!
//! - A creative request's offer, creative and party details never change after submission.
//! - The creative request audit trail is append-only.

use super::{Backend, Db};

/// The columns of `creative_requests` fixed at submission.
pub const IMMUTABLE: [&str; 17] = [
    "id",
    "offer_id",
    "offer_name",
    "creative_type",
    "creative_count",
    "from_lines_count",
    "subject_lines_count",
    "notes",
    "publisher_id",
    "advertiser_id",
    "advertiser_name",
    "affiliate_id",
    "affiliate_name",
    "client_id",
    "client_name",
    "priority",
    "submitted_at",
];

/// The message both engines raise; `server::db::conflict`-style mapping looks for it.
pub const IMMUTABLE_MESSAGE: &str = "creative request details are immutable";
pub const APPEND_ONLY_MESSAGE: &str = "the creative request audit trail is append-only";

fn sqlite() -> String {
    let changed: Vec<String> = IMMUTABLE.iter().map(|c| format!("NEW.{c} IS NOT OLD.{c}")).collect();
    format!(
        "DROP TRIGGER IF EXISTS tr_creative_requests_immutable;
         CREATE TRIGGER tr_creative_requests_immutable BEFORE UPDATE ON creative_requests
         FOR EACH ROW WHEN {}
         BEGIN SELECT RAISE(ABORT, '{IMMUTABLE_MESSAGE}'); END;
         DROP TRIGGER IF EXISTS tr_creative_request_events_no_update;
         CREATE TRIGGER tr_creative_request_events_no_update BEFORE UPDATE ON creative_request_events
         BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END;
         DROP TRIGGER IF EXISTS tr_creative_request_events_no_delete;
         CREATE TRIGGER tr_creative_request_events_no_delete BEFORE DELETE ON creative_request_events
         BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END;",
        changed.join(" OR ")
    )
}

fn postgres() -> String {
    let changed: Vec<String> = IMMUTABLE
        .iter()
        .map(|c| format!("NEW.{c} IS DISTINCT FROM OLD.{c}"))
        .collect();
    format!(
        "CREATE OR REPLACE FUNCTION creative_requests_immutable() RETURNS trigger LANGUAGE plpgsql AS $fn$
         BEGIN
           IF {} THEN
             RAISE EXCEPTION '{IMMUTABLE_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
           END IF;
           RETURN NEW;
         END $fn$;
         DROP TRIGGER IF EXISTS tr_creative_requests_immutable ON creative_requests;
         CREATE TRIGGER tr_creative_requests_immutable BEFORE UPDATE ON creative_requests
           FOR EACH ROW EXECUTE FUNCTION creative_requests_immutable();
         CREATE OR REPLACE FUNCTION creative_request_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
         BEGIN
           RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
         END $fn$;
         DROP TRIGGER IF EXISTS tr_creative_request_events_append_only ON creative_request_events;
         CREATE TRIGGER tr_creative_request_events_append_only BEFORE UPDATE OR DELETE ON creative_request_events
           FOR EACH ROW EXECUTE FUNCTION creative_request_events_append_only();",
        changed.join(" OR ")
    )
}

pub async fn apply(db: &Db) -> Result<(), String> {
    let sql = match db.backend {
        Backend::Sqlite => sqlite(),
        Backend::Postgres => postgres(),
    };
    let mut tx = db.pool.begin().await.map_err(|e| format!("cannot apply guards: {e}"))?;
    if db.backend == Backend::Postgres {
        // two servers starting at once on one database take turns
        sqlx::query("SELECT pg_advisory_xact_lock(727001)")
            .execute(&mut *tx)
            .await
            .map_err(|e| format!("cannot apply guards: {e}"))?;
    }
    sqlx::raw_sql(&sql)
        .execute(&mut *tx)
        .await
        .map_err(|e| format!("cannot apply guards: {e}"))?;
    tx.commit().await.map_err(|e| format!("cannot apply guards: {e}"))
}
