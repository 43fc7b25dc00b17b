//! The HTTP edge: builds the state and the axum router. `main` and the HTTP tests both use `app()`.

use crate::app::{document, shell, App};
use crate::server::auth::rate_limit::SignInLimiter;
use crate::server::auth::{origin, session};
use crate::server::clock::Clock;
use crate::server::config::Config;
use crate::server::db::Db;
use crate::server::state::Shared;
use crate::server::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{middleware, Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Everything the router needs, opened from the configuration: the database (migrated), the session
/// store, the clock and the limiter.
pub struct Built {
    pub state: AppState,
    pub store: session::Store,
}

pub async fn build(config: Config, leptos_options: LeptosOptions, clock: Clock) -> Result<Built, String> {
    let db = Db::connect_sized(&config.database_url, config.db_pool_size).await?;
    if db.backend == crate::server::db::Backend::Postgres {
        // signals raised by every instance on this database reach this one's open pages
        db.live.listen(&db.url).await?;
    }
    let store = session::Store::new(db.clone());
    let state = AppState::new(Shared {
        db,
        outbox_wake: Arc::new(tokio::sync::Notify::new()),
        sign_in_limiter: SignInLimiter::new(config.sign_in_per_minute),
        config: Arc::new(config),
        clock,
        leptos_options,
    });
    Ok(Built { state, store })
}

pub fn app(built: &Built) -> Router {
    let state = built.state.clone();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let routes = route_list();
    let pages = Router::new()
        .route("/healthz", get(healthz))
        .route("/requests/export.csv", get(crate::server::export::requests_csv))
        .route("/analytics/export.csv", get(crate::server::export::analytics_csv))
        .route("/notifications/{id}", get(open_notification))
        .route("/events", get(crate::server::live::events))
        .merge(crate::server::partner::routes())
        .merge(crate::server::api_v1::routes(state.config.api_per_minute))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || document(&options)
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            context, shell,
        ))
        .layer(middleware::from_fn(refused_call_status))
        // HTML and JSON compressed on the fly (brotli or gzip, as the client accepts); never the live
        // stream (a compressor holds its events back until its buffer fills)
        .layer(
            CompressionLayer::new().compress_when(
                SizeAbove::new(1024)
                    .and(NotForContentType::IMAGES)
                    .and(NotForContentType::SSE),
            ),
        );
    pages
        .nest_service("/pkg", static_files(&state.leptos_options))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::server::auth::attach_actor,
        ))
        .layer(middleware::from_fn(origin::same_origin_only))
        .layer(session::layer(built.store.clone(), &state.config))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<_>| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), id = %id)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        // no request body is larger (checked on the declared length before anything runs, and while reading)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn(too_large_as_problem))
        .with_state(state)
}

/// The partner API and the partner's answer endpoint speak problem details (`application/problem+json`) in
/// every refusal, also when a body is refused for its size before it reaches them (the limit layer and axum's
/// extractors answer plain text).
async fn too_large_as_problem(req: Request<axum::body::Body>, next: middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    let path = req.uri().path();
    let limit = if path == "/webhooks/partner/events" {
        "16 KiB"
    } else if path.starts_with("/api/v1/") {
        "1 MiB"
    } else {
        return next.run(req).await;
    };
    let res = next.run(req).await;
    let problem = res
        .headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE && !problem {
        return crate::server::api_v1::Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The body is over {limit}, the most this endpoint takes."),
        )
        .into_response();
    }
    res
}

/// The largest request body anything accepts (a form, a server function's arguments, a partner's batch): the
/// largest legitimate one (a 5,000-character description, percent-encoded) is well under it.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The app's routes, worked out once per process. Leptos finds them by running the app with resource loading
/// suppressed through a process-wide flag, so a page rendered by another router of the same process at that
/// moment would wait forever for its data (leptos-rs/leptos#4773): the HTTP tests build one router per test,
/// in parallel, and a render stalled for good about once in four runs of the suite.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// `/pkg`: the JS, WASM and CSS, precompressed at build (`cargo leptos build --release --precompress` writes
/// `.br` and `.gz` beside each file; the one the client accepts is sent with its `content-encoding`). Their
/// names carry a content hash (`hash-files`), so they are cached for a year and never revalidated.
fn static_files(options: &LeptosOptions) -> SetResponseHeader<ServeDir, HeaderValue> {
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    SetResponseHeader::if_not_present(
        ServeDir::new(dir).precompressed_br().precompressed_gzip(),
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    )
}

/// A server function whose arguments cannot be read (a field missing or of the wrong type) never runs, and the
/// framework answers its error with 500. The error says what it is (`AppError::Validation`, from
/// `FromServerFnError`): the edge answers with that error's own status, so bad input is the client's 4xx.
async fn refused_call_status(req: Request<axum::body::Body>, next: middleware::Next) -> axum::response::Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res
            .headers()
            .contains_key(leptos::server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(err) = serde_json::from_slice::<crate::error::AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.status_code()) {
            parts.status = status;
        }
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// `GET /notifications/{id}`: a notification clicked in the bell: marked read, then followed to its link.
async fn open_notification(
    State(state): State<AppState>,
    actor: Option<axum::Extension<crate::domain::account::Actor>>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<axum::response::Response, crate::error::AppError> {
    use crate::domain::ids::NotificationId;
    use crate::error::AppError;
    let Some(actor) = actor else {
        return Ok(axum::response::Redirect::to("/signin").into_response());
    };
    let id = NotificationId::parse(&id).ok_or_else(|| AppError::not_found("Notification"))?;
    let db = &state.db;
    let link = crate::server::db::notifications::link_of(db, &actor.user_id, &id)
        .await?
        .ok_or_else(|| AppError::not_found("Notification"))?;
    crate::server::db::notifications::mark_read(db, &actor.user_id, Some(&id), state.clock.now()).await?;
    let to = crate::domain::links::safe_next(&link).unwrap_or("/").to_string();
    Ok(axum::response::Redirect::to(&to).into_response())
}

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(serde_json::json!({"status": "ok", "database": state.db.backend.name()})),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable", "database": state.db.backend.name()})),
            )
        }
    }
}
