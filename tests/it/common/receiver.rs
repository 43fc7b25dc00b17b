//! A partner endpoint on 127.0.0.1 for the tests: a real HTTP server that records what it got and answers
//! as scripted.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// What the receiver got: (headers, body).
pub type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;
/// The receiver's answers, in order: (status, retry-after, body).
pub type Script = Arc<Mutex<VecDeque<(u16, Option<&'static str>, &'static str)>>>;

/// A partner endpoint on 127.0.0.1: answers each request with the next scripted (status, retry-after, body),
/// then 200 once the script runs out.
pub struct Receiver {
    pub url: String,
    pub got: Received,
}

async fn receive(
    State((got, script)): State<(Received, Script)>,
    headers: HeaderMap,
    body: String,
) -> impl IntoResponse {
    got.lock().unwrap().push((headers, body));
    let (status, retry_after, reply) = script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or((200, None, "{\"id\":\"dt-1\"}"));
    let mut h = HeaderMap::new();
    if let Some(r) = retry_after {
        h.insert("retry-after", r.parse().unwrap());
    }
    (StatusCode::from_u16(status).unwrap(), h, reply.to_string())
}

pub async fn receiver(script: Vec<(u16, Option<&'static str>, &'static str)>) -> Receiver {
    let got: Received = Arc::default();
    let script: Script = Arc::new(Mutex::new(VecDeque::from(script)));
    let app = axum::Router::new()
        .route("/hooks", axum::routing::post(receive))
        .with_state((got.clone(), script));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Receiver {
        url: format!("http://{addr}/hooks"),
        got,
    }
}
