//! Admin pages: `Users` (list accounts, create publisher, advertiser and admin accounts).

use crate::api::users::{list_users, CreateStaff};
use crate::domain::account::Role;
use crate::ui::components::{
    action_error, field_error, form_error, EmptyState, ErrorNotice, Field, PageTitle, SelectField, Skeleton,
    SubmitButton, Toasts,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map();
    let role = move || query.read().get("role").unwrap_or_default();
    let after = move || query.read().get("after").unwrap_or_default();
    let create = ServerAction::<CreateStaff>::new();
    let value = action_error(create.value());
    let toasts = expect_context::<Toasts>();
    Effect::new(move |_| {
        if let Some(Ok(u)) = create.value().get() {
            toasts.success(format!("{} account created for {}", u.role.label(), u.email));
        }
    });
    let users = Resource::new(
        move || (role(), after(), create.version().get()),
        |(r, a, _)| list_users(r, a),
    );
    let roles = vec![
        ("publisher".to_string(), "Publisher".to_string()),
        ("advertiser".to_string(), "Advertiser".to_string()),
        ("admin".to_string(), "Admin".to_string()),
    ];
    let general = form_error(value, &["email", "password", "role", "name", "organisation"]);
    view! {
        <PageTitle title="Users"/>
        <div class="grid gap-6 lg:grid-cols-3">
            <section class="lg:col-span-2">
                <nav aria-label="Filter by role" class="mb-3 flex flex-wrap gap-2 text-sm">
                    <a href="/users" class="rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100">"All"</a>
                    {Role::ALL.iter().map(|r| view! {
                        <a href=format!("/users?role={}", r.as_str()) class="rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100">{r.label()}</a>
                    }).collect_view()}
                </nav>
                <Suspense fallback=|| view! { <Skeleton rows=5/> }>
                    {move || Suspend::new(async move {
                        match users.await {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(page) if page.users.is_empty() => view! { <EmptyState title="No accounts match"/> }.into_any(),
                            Ok(page) => {
                                let next = page.next.map(|c| {
                                    let r = role();
                                    view! { <a class="mt-3 inline-block text-sm text-indigo-700 underline" href=format!("/users?role={r}&after={c}")>"Next page →"</a> }
                                });
                                view! {
                                    <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white">
                                        <table class="min-w-full divide-y divide-slate-200 text-sm">
                                            <thead class="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
                                                <tr><th class="px-4 py-2">"Name"</th><th class="px-4 py-2">"Email"</th><th class="px-4 py-2">"Role"</th><th class="px-4 py-2">"Organisation"</th><th class="px-4 py-2">"Joined"</th></tr>
                                            </thead>
                                            <tbody class="divide-y divide-slate-100">
                                                {page.users.into_iter().map(|u| view! {
                                                    <tr>
                                                        <td class="px-4 py-2 font-medium">{u.name}</td>
                                                        <td class="px-4 py-2">{u.email}</td>
                                                        <td class="px-4 py-2">{u.role.label()}</td>
                                                        <td class="px-4 py-2">{u.organisation.unwrap_or_default()}</td>
                                                        <td class="px-4 py-2 text-slate-500">{u.created_at.human_date()}</td>
                                                    </tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                    {next}
                                }
                                    .into_any()
                            }
                        }
                    })}
                </Suspense>
            </section>
            <section class="rounded-lg border border-slate-200 bg-white p-5">
                <h2 class="font-semibold">"Create a staff account"</h2>
                <p class="mt-1 text-sm text-slate-500">"Publishers, advertisers and admins are created here; businesses and creators sign up themselves."</p>
                <ActionForm action=create attr:class="mt-4 space-y-3" attr:novalidate="">
                    <SelectField label="Role" name="role" options=roles error=field_error(value, "role")/>
                    <Field label="Name" name="name" required=true error=field_error(value, "name")/>
                    <Field label="Email" name="email" kind="email" required=true error=field_error(value, "email")/>
                    <Field label="Initial password" name="password" kind="password" autocomplete="new-password" required=true error=field_error(value, "password") hint="At least 10 characters; share it with them safely."/>
                    <Field label="Advertiser organisation" name="organisation" error=field_error(value, "organisation") hint="Advertisers only, e.g. Demo Advertiser."/>
                    {move || general.get().map(|e| view! { <p role="alert" class="rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                    <SubmitButton label="Create account" pending=create.pending() pending_label="Creating…"/>
                </ActionForm>
            </section>
        </div>
    }
}
