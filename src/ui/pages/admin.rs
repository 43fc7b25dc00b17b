//! Admin pages: `Users` (list accounts, create publisher, advertiser and admin accounts).

use crate::api::users::{list_users, CreateStaff};
use crate::domain::account::Role;
use crate::ui::components::{loaded, Alert, EmptyState, Field, PageLinks, PageTitle, PostForm, SelectField, Submit};
use crate::ui::request::FormState;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let role = query.get("role").unwrap_or_default();
    let after = query.get("after").unwrap_or_default();
    let first_page = after.is_empty();
    let users = Resource::new(
        {
            let role = role.clone();
            move || (role.clone(), after.clone())
        },
        |(r, a)| list_users(r, a),
    );
    let roles = vec![
        ("publisher".to_string(), "Publisher".to_string()),
        ("advertiser".to_string(), "Advertiser".to_string()),
        ("admin".to_string(), "Admin".to_string()),
    ];
    let form = FormState::of(CreateStaff::url());
    view! {
        <PageTitle title="Users"/>
        <div class="grid gap-6 lg:grid-cols-3">
            <section class="min-w-0 lg:col-span-2">
                <nav aria-label="Filter by role" class="mb-3 flex flex-wrap gap-2 text-sm">
                    <a href="/users" class="rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100">"All"</a>
                    {Role::ALL.iter().map(|r| view! {
                        <a href=format!("/users?role={}", r.as_str()) class="rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100">{r.label()}</a>
                    }).collect_view()}
                </nav>
                {loaded(users, move |page| {
                    if page.users.is_empty() {
                        return view! { <EmptyState title="No accounts match"/> }.into_any();
                    }
                    let base = if role.is_empty() { "/users".to_string() } else { format!("/users?role={}", crate::domain::links::urlencode(&role)) };
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
                        <PageLinks base=base next=page.next first_page=first_page/>
                    }
                        .into_any()
                })}
            </section>
            <section class="rounded-lg border border-slate-200 bg-white p-5">
                <h2 class="font-semibold">"Create a staff account"</h2>
                <p class="mt-1 text-sm text-slate-500">"Publishers, advertisers and admins are created here; businesses and creators sign up themselves."</p>
                <PostForm action=CreateStaff::url() class="mt-4 space-y-3">
                    <SelectField label="Role" name="role" options=roles selected=form.value("role") error=form.field("role")/>
                    <Field label="Name" name="name" required=true value=form.value("name") error=form.field("name")/>
                    <Field label="Email" name="email" kind="email" required=true value=form.value("email") error=form.field("email")/>
                    <Field label="Initial password" name="password" kind="password" autocomplete="new-password" required=true error=form.field("password") hint="At least 10 characters; share it with them safely."/>
                    <Field label="Advertiser organisation" name="organisation" value=form.value("organisation") error=form.field("organisation") hint="Advertisers only, e.g. Demo Advertiser."/>
                    <Alert message=form.general(&["email", "password", "role", "name", "organisation"])/>
                    <Submit label="Create account"/>
                </PostForm>
            </section>
        </div>
    }
}
