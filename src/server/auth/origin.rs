//! Refuses state-changing requests that come from another origin (CSRF defence in depth, alongside the
//! SameSite cookie). A browser always sends `Origin` on a cross-origin POST; `Sec-Fetch-Site` backs it up.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn same_origin_only(req: Request<Body>, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok());
    let fetch_site = headers.get("sec-fetch-site").and_then(|h| h.to_str().ok());
    let allowed = match origin {
        Some("null") => false,
        Some(origin) => {
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
            host.is_some_and(|h| h.eq_ignore_ascii_case(origin_host))
        }
        None => fetch_site != Some("cross-site"),
    };
    if allowed {
        next.run(req).await
    } else {
        tracing::warn!(?origin, ?host, "cross-origin request refused");
        (StatusCode::FORBIDDEN, "Cross-origin request refused.").into_response()
    }
}
