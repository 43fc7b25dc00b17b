//! The HTML shell, the app component and its routes.

use crate::api::auth::current_user;
use crate::domain::account::Role;
use crate::ui::components::{AuthActions, CurrentUser, Header, RequireRole, ToastHost, Toasts};
use crate::ui::pages::{admin, agency, auth, business, creator, creators, integrations, placeholder, requests, wallet};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
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
    // The signed-in user is re-read whenever someone signs in, up or out, so the header and the page
    // guards follow without a full reload.
    let auth = AuthActions {
        sign_in: ServerAction::new(),
        sign_up: ServerAction::new(),
        sign_out: ServerAction::new(),
    };
    provide_context(auth);
    provide_context(CurrentUser(Resource::new(
        move || {
            (
                auth.sign_in.version().get(),
                auth.sign_up.version().get(),
                auth.sign_out.version().get(),
            )
        },
        |_| current_user(),
    )));
    provide_context(Toasts::new());
    // Marks the page once the WebAssembly has hydrated it (end-to-end tests wait for this).
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    // Every page waits for its data on the server (SsrMode::Async), so a guard can still answer with a
    // redirect or a status code before the first byte is sent.
    let ssr = SsrMode::Async;
    view! {
        <Stylesheet id="leptos" href="/pkg/collabdesk.css"/>
        <Title formatter=|text: String| if text.is_empty() { "Collabdesk".to_string() } else { format!("{text} · Collabdesk") }/>
        <Router>
            <Header/>
            <main class="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6">
                <ErrorBoundary fallback=|errors| {
                    view! {
                        <div role="alert" class="rounded-lg border border-red-200 bg-red-50 p-4 text-red-800">
                            <h1 class="font-semibold">"Something went wrong"</h1>
                            <ul class="mt-2 list-disc pl-5 text-sm">
                                {move || errors.get().into_iter().map(|(_, e)| view! { <li>{e.to_string()}</li> }).collect_view()}
                            </ul>
                        </div>
                    }
                }>
                    <Routes fallback=placeholder::NotFound>
                        <Route path=path!("/") view=placeholder::Home ssr=ssr.clone()/>
                        <Route path=path!("/signin") view=auth::SignInPage ssr=ssr.clone()/>
                        <Route path=path!("/signup") view=auth::SignUpPage ssr=ssr.clone()/>
                        <Route path=path!("/campaigns") view=|| view! { <RequireRole role=Role::Business><business::CampaignsPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/campaigns/new") view=|| view! { <RequireRole role=Role::Business><business::NewCampaignPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/campaigns/:id") view=|| view! { <RequireRole role=Role::Business><business::CampaignPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/campaigns/:id/edit") view=|| view! { <RequireRole role=Role::Business><business::EditCampaignPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/creators") view=|| view! { <RequireRole role=Role::Business><creators::CreatorsPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/creators/:username") view=|| view! { <RequireRole role=Role::Business><creators::CreatorProfilePage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/creators/:username/invite") view=|| view! { <RequireRole role=Role::Business><creators::InvitePage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/my-campaigns") view=|| view! { <RequireRole role=Role::Creator><creator::MyCampaignsPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/invitations/:id") view=|| view! { <RequireRole any=vec![Role::Creator, Role::Business]><creator::InvitationDetailPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/my-requests") view=|| view! { <RequireRole role=Role::Publisher><requests::MyRequestsPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/requests") view=|| view! { <RequireRole role=Role::Admin><requests::ReviewPage page="requests"/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/dashboard") view=|| view! { <RequireRole role=Role::Admin><requests::DashboardPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/response") view=|| view! { <RequireRole any=vec![Role::Admin, Role::Advertiser]><requests::ReviewPage page="response"/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/integrations") view=|| view! { <RequireRole role=Role::Admin><integrations::IntegrationsPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/deliveries") view=|| view! { <RequireRole role=Role::Admin><integrations::DeliveriesPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/creator-requests") view=|| view! { <RequireRole role=Role::Business><agency::CreatorRequestsPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/agency-inbox") view=|| view! { <RequireRole role=Role::Admin><agency::AgencyInboxPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/wallet") view=|| view! { <RequireRole role=Role::Business><wallet::WalletPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/wallets") view=|| view! { <RequireRole role=Role::Admin><wallet::WalletsAdminPage/></RequireRole> } ssr=ssr.clone()/>
                        <Route path=path!("/users") view=|| view! { <RequireRole role=Role::Admin><admin::UsersPage/></RequireRole> } ssr=ssr/>
                    </Routes>
                </ErrorBoundary>
            </main>
            <ToastHost/>
        </Router>
    }
}
