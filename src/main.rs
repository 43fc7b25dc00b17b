//! The server binary: configuration → database → background work → router → serve, plus admin commands.
//!
//!   collabdesk                 serve the app (LEPTOS_SITE_ADDR, default 127.0.0.1:3000)
//!   collabdesk create-admin --email E --name N
//!                              create an admin account; the password is read from
//!                              COLLABDESK_ADMIN_PASSWORD or, when unset, from standard input

/// mimalloc instead of the system allocator: a server render is mostly small allocations made and freed on
/// two threads, where glibc's malloc spent about a third of the time (perf, `/my-campaigns` at 1 M invitations).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use collabdesk::server::clock::Clock;
use collabdesk::server::config::Config;
use collabdesk::server::{demo, router};
use leptos::prelude::get_configuration;
use std::process::ExitCode;
use std::time::Duration;

#[tokio::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve().await,
        Some("create-admin") => create_admin(&args[1..]).await,
        Some(other) => Err(format!("unknown command {other:?}; use `serve` or `create-admin`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("collabdesk: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> Result<(), String> {
    let config = Config::from_env()?;
    let leptos = get_configuration(None).map_err(|e| format!("leptos configuration: {e}"))?;
    let addr = leptos.leptos_options.site_addr;
    let demo_on = config.demo;
    let built = router::build(config, leptos.leptos_options, Clock::default()).await?;
    let state = &built.state;
    tracing::info!(database = state.db.backend.name(), "database ready, migrations applied");
    if state.config.production {
        demo::refuse_demo_accounts(&state.db).await?;
    }
    if demo_on {
        demo::seed_if_empty(&state.db, &state.clock).await?;
    }
    tokio::spawn(built.store.clone().delete_expired_forever(Duration::from_secs(600)));
    tokio::spawn(collabdesk::server::jobs::expire_forever(
        state.db.clone(),
        state.clock.clone(),
        Duration::from_secs(60),
        state.config.reminder_lead_ms,
    ));
    // webhooks (and later e-mail) leave through the outbox; deliveries due at start (a crash left them
    // pending or leased) are picked up here
    let mailer = collabdesk::server::mail::Mailer::from_config(&state.config)?;
    tracing::info!(mail = %mailer.describe(), "e-mail ready");
    tokio::spawn(
        collabdesk::server::outbox::Worker::new(state.db.clone(), state.clock.clone(), mailer)
            .public_only(state.config.production)
            .with_lease(state.config.outbox_lease_ms)
            .run_forever(state.outbox_wake.clone()),
    );
    // rate-limit keys whose budget is whole again, and sign-in networks not used for a month
    let (db, clock) = (state.db.clone(), state.clock.clone());
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            let now = clock.now();
            let kept = collabdesk::domain::time::Millis(now.0 - collabdesk::server::auth::rate_limit::NETWORK_KEPT);
            if let Err(e) = collabdesk::server::db::rate_limits::purge(&db, now, kept).await {
                tracing::warn!(error = %e, "could not purge rate limits; retrying next round");
            }
        }
    });
    let app = router::app(&built);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown({
        let live = state.db.live.clone();
        async move {
            shutdown_signal().await;
            // open live streams end (their browsers reconnect elsewhere or after the restart)
            live.close();
        }
    })
    .await
    .map_err(|e| format!("server error: {e}"))?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C: in-flight requests finish, then the server stops.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}

async fn create_admin(args: &[String]) -> Result<(), String> {
    let mut email = None;
    let mut name = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--email" => email = it.next().cloned(),
            "--name" => name = it.next().cloned(),
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    let (Some(email), Some(name)) = (email, name) else {
        return Err("usage: collabdesk create-admin --email EMAIL --name NAME".into());
    };
    let password = match std::env::var("COLLABDESK_ADMIN_PASSWORD") {
        Ok(p) if !p.is_empty() => p,
        _ => {
            eprintln!("Password for {email} (at least 10 characters), then Enter:");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())?;
            line.trim_end_matches(['\n', '\r']).to_string()
        }
    };
    let config = Config::from_env()?;
    let db = collabdesk::server::db::Db::connect(&config.database_url).await?;
    let id =
        collabdesk::api::users::create_staff_account(&db, &Clock::default(), &email, &password, "admin", &name, "")
            .await
            .map_err(|e| e.to_string())?;
    println!("created admin {email} ({id})");
    Ok(())
}
