//! `GET /requests/export.csv?page=requests|response&tab=…&q=…&advertiser=…&priority=…&sort=…`: the current tab
//! and filter as CSV, for whoever may open that page. The same scope rules as the list (`domain::creative::Scope`),
//! read in keyset batches so a large tab never sits in memory twice.

use crate::domain::account::Actor;
use crate::domain::creative::{RequestFilter, Scope, Tab};
use crate::domain::page::Cursor;
use crate::error::AppError;
use crate::server::db::creative_requests as store;
use crate::server::AppState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::collections::HashMap;

const BATCH: i64 = 1000;

use crate::domain::text::csv_cell as cell;

pub async fn requests_csv(
    State(state): State<AppState>,
    user: Option<Extension<Actor>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    match render(&state, user.map(|u| u.0), &params).await {
        Ok((name, body)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            body,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

async fn render(
    state: &AppState,
    actor: Option<Actor>,
    params: &HashMap<String, String>,
) -> Result<(String, Vec<u8>), AppError> {
    let p = |k: &str| params.get(k).map(String::as_str).unwrap_or("");
    let actor = actor.ok_or(AppError::Unauthorized)?;
    let tab = Tab::parse(p("page"), p("tab")).ok_or_else(|| AppError::not_found("Page"))?;
    let scope = Scope::for_page(&actor, tab)?;
    let filter = RequestFilter::parse(p("q"), p("advertiser"), p("priority"), p("sort"))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| {
        tracing::error!(error = %e, "csv");
        AppError::Internal
    };
    out.write_record([
        "Request ID",
        "Offer ID",
        "Offer Name",
        "Creative Type",
        "Creatives",
        "From Lines",
        "Subject Lines",
        "Publisher",
        "Advertiser",
        "Affiliate ID",
        "Client ID",
        "Client Name",
        "Priority",
        "Status",
        "Approval Stage",
        "Submitted (UTC)",
        "Admin Comments",
        "Advertiser Comments",
    ])
    .map_err(csv_err)?;
    let mut after = None;
    loop {
        let batch = store::list(&state.db, &scope, tab.states(), &filter, after.clone(), BATCH).await?;
        for r in &batch {
            out.write_record([
                r.id.to_string(),
                cell(&r.offer_id),
                cell(&r.offer_name),
                cell(&r.creative_type),
                r.creative_count.to_string(),
                r.from_lines_count.to_string(),
                r.subject_lines_count.to_string(),
                cell(&r.publisher_name),
                cell(&r.advertiser_name),
                cell(&r.affiliate_id),
                cell(&r.client_id),
                cell(&r.client_name),
                r.priority.as_str().to_string(),
                r.state.status().as_str().to_string(),
                r.state.stage().as_str().to_string(),
                r.submitted_at.human_datetime(),
                cell(r.admin_comments.as_deref().unwrap_or("")),
                cell(r.advertiser_comments.as_deref().unwrap_or("")),
            ])
            .map_err(csv_err)?;
        }
        match batch.last() {
            Some(last) if batch.len() as i64 == BATCH => after = Some(Cursor::new(last.submitted_at, last.id.clone())),
            _ => break,
        }
    }
    let body = out.into_inner().map_err(|e| {
        tracing::error!(error = %e, "csv");
        AppError::Internal
    })?;
    Ok((format!("creative-requests-{}-{}.csv", tab.page(), tab.slug()), body))
}

/// `GET /analytics/export.csv?campaign=…`: the business's analytics (all campaigns, or one) as CSV, the same
/// numbers as the Analytics page (`domain::analytics::Analytics::csv_records`).
pub async fn analytics_csv(
    State(state): State<AppState>,
    user: Option<Extension<Actor>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let campaign = params.get("campaign").map(String::as_str).unwrap_or("");
    let result = async {
        let actor = user.map(|u| u.0).ok_or(AppError::Unauthorized)?;
        let analytics = crate::api::analytics::analytics_of(&state, &actor, campaign).await?;
        // sections of different widths
        let mut out = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
        for record in analytics.csv_records() {
            // a blank line between sections
            if record.is_empty() {
                out.write_record([""]).map_err(csv_error)?;
            } else {
                out.write_record(&record).map_err(csv_error)?;
            }
        }
        out.into_inner().map_err(|e| csv_error(e.into_error().into()))
    }
    .await;
    match result {
        Ok(body) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"collabdesk-analytics.csv\"".to_string(),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            body,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

fn csv_error(e: csv::Error) -> AppError {
    tracing::error!(error = %e, "csv");
    AppError::Internal
}
