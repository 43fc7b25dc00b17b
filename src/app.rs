//! The HTML shell, the app component, and the route table.
//!
//! Pages are rendered on the server; only islands (`#[island]`: dialogs, the invite modal, the bell, toasts)
//! ship WebAssembly. `PAGES` is the one definition of each page — its path, who may open it, its navigation
//! label — and drives the router, the guards and the header's navigation.

use crate::domain::account::Role;
use crate::ui::components::{Header, RequireRole, ToastHost};
use crate::ui::pages::{
    admin, agency, analytics, api_keys, auth, business, creator, creators, integrations, placeholder, requests,
    templates, wallet,
};
use crate::ui::request;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// One page of the app.
#[derive(Clone, Copy, Debug)]
pub struct PageDef {
    pub path: &'static str,
    /// Who may open it; empty: everyone.
    pub roles: &'static [Role],
    /// Its label in the header's navigation, if it has one.
    pub nav: Option<&'static str>,
}

use crate::domain::account::access::*;

/// Writes the route table and the router from one list: (path, roles, navigation label, view).
macro_rules! pages {
    ($( $path:tt, $roles:expr, $nav:expr, $view:expr; )*) => {
        /// Every page, in navigation order.
        pub const PAGES: &[PageDef] = &[ $( PageDef { path: $path, roles: $roles, nav: $nav } ),* ];

        #[component]
        fn AppRoutes() -> impl IntoView {
            // Every page waits for its data on the server (SsrMode::Async), so a guard can still answer with
            // a redirect or a status code before the first byte is sent.
            view! {
                <Routes fallback=placeholder::NotFound>
                    $( <Route path=path!($path) view=move || guarded($roles, $view) ssr=SsrMode::Async/> )*
                </Routes>
            }
        }
    };
}

fn guarded<V: IntoView + 'static>(roles: &'static [Role], view: fn() -> V) -> AnyView {
    if roles.is_empty() {
        view().into_any()
    } else {
        view! { <RequireRole allowed=roles>{view()}</RequireRole> }.into_any()
    }
}

pages! {
    "/", EVERYONE, None, placeholder::Home;
    "/signin", EVERYONE, None, auth::SignInPage;
    "/signup", EVERYONE, None, auth::SignUpPage;
    "/dashboard", ADMIN, Some("Dashboard"), requests::DashboardPage;
    "/requests", ADMIN, Some("Requests"), requests::RequestsPage;
    "/response", REVIEWERS, Some("Responses"), requests::ResponsesPage;
    "/agency-inbox", ADMIN, Some("Agency Inbox"), agency::AgencyInboxPage;
    "/integrations", ADMIN, Some("Integrations"), integrations::IntegrationsPage;
    "/deliveries", ADMIN, Some("Deliveries"), integrations::DeliveriesPage;
    "/wallets", ADMIN, Some("Wallets"), wallet::WalletsAdminPage;
    "/users", ADMIN, Some("Users"), admin::UsersPage;
    "/creators", BUSINESS, Some("Creators"), creators::CreatorsPage;
    "/creators/:username", BUSINESS, None, creators::CreatorProfilePage;
    "/creators/:username/invite", BUSINESS, None, creators::InvitePage;
    "/campaigns", BUSINESS, Some("Campaigns"), business::CampaignsPage;
    "/campaigns/new", BUSINESS, None, business::NewCampaignPage;
    "/campaigns/:id", BUSINESS, None, business::CampaignPage;
    "/campaigns/:id/edit", BUSINESS, None, business::EditCampaignPage;
    "/analytics", BUSINESS, Some("Analytics"), analytics::AnalyticsPage;
    "/creator-requests", BUSINESS, Some("Creator Requests"), agency::CreatorRequestsPage;
    "/templates", BUSINESS, Some("Templates"), templates::TemplatesPage;
    "/wallet", BUSINESS, Some("Wallet"), wallet::WalletPage;
    "/my-campaigns", CREATOR, Some("My Campaigns"), creator::MyCampaignsPage;
    "/availability", CREATOR, Some("Availability"), creator::AvailabilityPage;
    "/invitations/:id", INVITATION_PARTIES, None, creator::InvitationDetailPage;
    "/my-requests", PUBLISHER, Some("My Requests"), requests::MyRequestsPage;
    "/api-keys", KEY_MANAGERS, Some("API keys"), api_keys::ApiKeysPage;
}

/// The header navigation of a role: (label, path), in table order.
pub fn navigation(role: Role) -> Vec<(&'static str, &'static str)> {
    PAGES
        .iter()
        .filter(|p| p.roles.contains(&role))
        .filter_map(|p| p.nav.map(|label| (label, p.path)))
        .collect()
}

/// The URLs of the built CSS, JS and WASM: their names carry a content hash in release builds (`hash-files`,
/// listed by cargo-leptos in `hash.txt` beside the server binary).
/// Worked out once per process, with the island loader that names them.
#[derive(Clone, Debug)]
struct Assets {
    css: String,
    loader: String,
}

fn assets(options: &LeptosOptions) -> &'static Assets {
    static ASSETS: std::sync::OnceLock<Assets> = std::sync::OnceLock::new();
    #[cfg(feature = "ssr")]
    {
        ASSETS.get_or_init(|| {
            let hashes = options
                .hash_files
                .then(|| {
                    let file = std::env::current_exe().ok()?.parent()?.join(options.hash_file.as_ref());
                    std::fs::read_to_string(file).ok()
                })
                .flatten()
                .unwrap_or_default();
            let hash = |kind: &str| {
                hashes
                    .lines()
                    .find_map(|l| l.strip_prefix(kind).and_then(|r| r.strip_prefix(':')))
                    .map(|h| format!(".{}", h.trim()))
                    .unwrap_or_default()
            };
            let (pkg, name) = (&options.site_pkg_dir, &options.output_name);
            // without cargo-leptos' hashing the WASM keeps wasm-bindgen's `_bg` name
            let wasm = if hashes.is_empty() {
                format!("{name}_bg")
            } else {
                name.to_string()
            };
            let (js, wasm) = (
                format!("/{pkg}/{name}{}.js", hash("js")),
                format!("/{pkg}/{wasm}{}.wasm", hash("wasm")),
            );
            Assets {
                css: format!("/{pkg}/{name}{}.css", hash("css")),
                loader: ISLAND_LOADER
                    .replace("__WASM__", &format!("{wasm:?}"))
                    .replace("__JS__", &format!("{js:?}")),
            }
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
        ASSETS.get_or_init(|| Assets {
            css: String::new(),
            loader: String::new(),
        })
    }
}

/// Loads the WebAssembly only on a page that has islands, JS and WASM fetched side by side as soon as the
/// page is parsed, then hydrates each island; marks `<body data-hydrated>` when the page is interactive (at
/// once on a page without islands: its forms and links are plain HTML).
#[cfg(feature = "ssr")]
const ISLAND_LOADER: &str = r#"
const done = () => { performance.mark("interactive"); document.body.setAttribute("data-hydrated", "true"); };
if (!document.querySelector("leptos-island")) { done(); } else {
  const wasm = fetch(__WASM__);
  import(__JS__).then(async (mod) => {
    await mod.default({ module_or_path: wasm });
    mod.hydrate();
    const pending = [];
    const walk = async (node) => {
      for (const el of node.children) {
        const tag = el.tagName.toLowerCase();
        if (tag === "leptos-island") {
          const run = mod[el.dataset.component];
          if (pending.length && pending[pending.length - 1]) pending[pending.length - 1]();
          if (run) await run(el); else console.warn("no island called", el.dataset.component);
          await walk(el);
        } else if (tag === "leptos-children") {
          pending.push(el.$$on_hydrate);
          await walk(el);
          pending.pop();
        } else {
          await walk(el);
        }
      }
    };
    await walk(document.body);
    done();
  });
}
"#;

/// The live channel of a signed-in page (README, decision 27): a server-sent event stream (`/events`, opened
/// while the tab is visible); on `change` the page reads itself again and puts each `Live` part that changed
/// in place, unless the user is typing in it or has one of its dialogs open (then when they are done). Plain
/// script, about 1.5 KB: a page without islands still loads no WebAssembly.
#[cfg(feature = "ssr")]
const LIVE_SCRIPT: &str = r#"
(() => {
  let since = __SINCE__, source = null, busy = false, again = false, waiting = false, gone = false;
  const busyIn = (el) => {
    const a = document.activeElement;
    return (a && el.contains(a) && a.matches("input,textarea,select")) || el.querySelector("details[data-dialog][open]");
  };
  const look = async () => {
    if (busy) { again = true; return; }
    busy = true; waiting = false;
    try {
      const res = await fetch(location.href, { headers: { "x-collabdesk-live": "1", accept: "text/html" } });
      if (res.redirected || !res.ok) { if (res.redirected) { gone = true; source && source.close(); } return; }
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      for (const el of document.querySelectorAll("[data-live]")) {
        const fresh = doc.getElementById(el.id);
        if (!fresh || fresh.innerHTML === el.innerHTML) continue;
        if (busyIn(el)) { waiting = true; continue; }
        const shown = [...el.querySelectorAll("details")].map((d) => d.open);
        [...fresh.querySelectorAll("details")].forEach((d, i) => { if (shown[i]) d.open = true; });
        el.replaceWith(fresh);
      }
      document.body.dataset.liveAt = Date.now();
    } catch (e) {
      // offline for a moment: the stream's reconnect says look again
    } finally {
      busy = false;
      if (again) { again = false; look(); }
    }
  };
  const connect = () => {
    if (gone || source) return;
    source = new EventSource("/events?since=" + since);
    source.addEventListener("hello", (e) => { since = e.lastEventId; document.body.dataset.live = "connected"; });
    source.addEventListener("change", (e) => { since = e.lastEventId; look(); });
    source.onerror = () => { if (source.readyState === EventSource.CLOSED) { source = null; gone = true; } };
  };
  const done = () => { if (waiting && !busyIn(document.body)) look(); };
  document.addEventListener("toggle", done, true);
  document.addEventListener("focusout", () => setTimeout(done, 0));
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) { if (source) { source.close(); source = null; } } else connect();
  });
  if (!document.hidden) connect();
})();
"#;

/// The live channel's script, for a signed-in page only.
#[component]
fn LiveScript() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let since = request::actor().and(request::live_mark()).map(|m| m.to_string());
        since.map(|since| {
            let script = LIVE_SCRIPT.replace("__SINCE__", &format!("{since:?}"));
            view! { <script>{script}</script> }
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        None::<()>
    }
}

/// The message fields' script (`ui::components::message`), on a business's pages only (about 2 KB; the
/// business is the one who writes invitations and offers).
#[component]
fn MessageScript() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        request::actor()
            .filter(|a| a.role == Role::Business)
            .map(|_| view! { <script>{crate::ui::components::message::MESSAGE_SCRIPT}</script> })
    }
    #[cfg(not(feature = "ssr"))]
    {
        None::<()>
    }
}

#[component]
fn IslandScripts(loader: &'static str) -> impl IntoView {
    // islands mode: the server renders no hydration markers outside islands
    #[cfg(feature = "ssr")]
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    view! { <script type="module">{loader}</script> }
}

/// `cargo leptos watch` sets `LEPTOS_WATCH` for the server it runs: then (only) a page reloads itself when the
/// code changes. Read once per process, not on every render.
fn watching() -> bool {
    static WATCHING: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *WATCHING.get_or_init(|| std::env::var_os("LEPTOS_WATCH").is_some())
}

/// The document around every page (and around the file handler's error pages).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    document(&options)
}

/// The document around a page; `options` are read for the asset names once per process, and cloned only for the
/// reload script when watching.
pub fn document(options: &LeptosOptions) -> impl IntoView {
    let assets = assets(options);
    let reload = watching().then(|| view! { <AutoReload options=options.clone()/> });
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Collabdesk: campaigns, creators, offers and creative requests in one back office."/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=assets.css.as_str()/>
                {reload}
                <IslandScripts loader=assets.loader.as_str()/>
                <MetaTags/>
            </head>
            <body class="min-h-screen bg-slate-50 text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(crate::ui::components::DialogsOnPage::default());
    let flash = request::flash();
    view! {
        <Title formatter=|text: String| if text.is_empty() { "Collabdesk".to_string() } else { format!("{text} · Collabdesk") }/>
        <Router>
            <Header/>
            <main class="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6">
                <AppRoutes/>
            </main>
            // an island only when there is something to show
            {(!flash.notices.is_empty()).then(|| view! { <ToastHost notices=flash.notices/> })}
            <LiveScript/>
            <MessageScript/>
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_per_role() {
        let labels = |r: Role| navigation(r).iter().map(|(l, _)| *l).collect::<Vec<_>>();
        assert_eq!(
            labels(Role::Business),
            [
                "Creators",
                "Campaigns",
                "Analytics",
                "Creator Requests",
                "Templates",
                "Wallet",
                "API keys"
            ]
        );
        assert_eq!(labels(Role::Creator), ["My Campaigns", "Availability"]);
        assert_eq!(
            labels(Role::Admin),
            [
                "Dashboard",
                "Requests",
                "Responses",
                "Agency Inbox",
                "Integrations",
                "Deliveries",
                "Wallets",
                "Users",
                "API keys"
            ]
        );
        assert_eq!(labels(Role::Advertiser), ["Responses"]);
        assert_eq!(labels(Role::Publisher), ["My Requests"]);
    }

    #[test]
    fn every_role_home_is_one_of_its_pages() {
        for role in Role::ALL {
            let home = PAGES.iter().find(|p| p.path == role.home()).expect("a page");
            assert!(home.roles.contains(&role), "{role:?} may open its home page");
        }
    }
}
