//! The HTML shell, the app component, and the route table.
//!
//! Pages are rendered on the server; only islands (`#[island]`: dialogs, the invite modal, the bell, toasts)
//! ship WebAssembly. `PAGES` is the one definition of each page — its path, who may open it, its navigation
//! label — and drives the router, the guards and the header's navigation.

use crate::domain::account::Role;
use crate::ui::components::{Header, RequireRole, ToastHost};
use crate::ui::pages::{admin, agency, auth, business, creator, creators, integrations, placeholder, requests, wallet};
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

const BUSINESS: &[Role] = &[Role::Business];
const CREATOR: &[Role] = &[Role::Creator];
const ADMIN: &[Role] = &[Role::Admin];
const PUBLISHER: &[Role] = &[Role::Publisher];
const PUBLIC: &[Role] = &[];

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
    "/", PUBLIC, None, placeholder::Home;
    "/signin", PUBLIC, None, auth::SignInPage;
    "/signup", PUBLIC, None, auth::SignUpPage;
    "/dashboard", ADMIN, Some("Dashboard"), requests::DashboardPage;
    "/requests", ADMIN, Some("Requests"), requests::RequestsPage;
    "/response", &[Role::Admin, Role::Advertiser], Some("Responses"), requests::ResponsesPage;
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
    "/creator-requests", BUSINESS, Some("Creator Requests"), agency::CreatorRequestsPage;
    "/wallet", BUSINESS, Some("Wallet"), wallet::WalletPage;
    "/my-campaigns", CREATOR, Some("My Campaigns"), creator::MyCampaignsPage;
    "/invitations/:id", &[Role::Creator, Role::Business], None, creator::InvitationDetailPage;
    "/my-requests", PUBLISHER, Some("My Requests"), requests::MyRequestsPage;
}

/// The header navigation of a role: (label, path), in table order.
pub fn navigation(role: Role) -> Vec<(&'static str, &'static str)> {
    PAGES
        .iter()
        .filter(|p| p.roles.contains(&role))
        .filter_map(|p| p.nav.map(|label| (label, p.path)))
        .collect()
}

/// The stylesheet's URL (its name carries a content hash in release builds; see `hash-files`).
fn stylesheet(options: &LeptosOptions) -> String {
    #[cfg(feature = "ssr")]
    {
        static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        HREF.get_or_init(|| {
            let name = options.output_name.to_string();
            let hash = options
                .hash_files
                .then(|| {
                    let file = std::env::current_exe().ok()?.parent()?.join(options.hash_file.as_ref());
                    let text = std::fs::read_to_string(file).ok()?;
                    text.lines()
                        .find_map(|l| l.strip_prefix("css:").map(|h| h.trim().to_string()))
                })
                .flatten();
            match hash {
                Some(h) => format!("/{}/{name}.{h}.css", options.site_pkg_dir),
                None => format!("/{}/{name}.css", options.site_pkg_dir),
            }
        })
        .clone()
    }
    #[cfg(not(feature = "ssr"))]
    {
        format!("/{}/{}.css", options.site_pkg_dir, options.output_name)
    }
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let css = stylesheet(&options);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Collabdesk: campaigns, creators, offers and creative requests in one back office."/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="stylesheet" href=css/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
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
    let flash = request::flash();
    view! {
        <Title formatter=|text: String| if text.is_empty() { "Collabdesk".to_string() } else { format!("{text} · Collabdesk") }/>
        <Router>
            <Header/>
            <main class="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6">
                <AppRoutes/>
            </main>
            <ToastHost notices=flash.notices/>
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
            ["Creators", "Campaigns", "Creator Requests", "Wallet"]
        );
        assert_eq!(labels(Role::Creator), ["My Campaigns"]);
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
                "Users"
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
