//! Sign in and sign up.

use crate::domain::account::{NICHES, PLATFORMS};
use crate::ui::components::{
    action_error, field_error, form_error, AuthActions, CurrentUser, Field, SelectField, SubmitButton, TextArea,
};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// Someone already signed in who opens the sign-in or sign-up page goes to their home page instead.
#[component]
fn RedirectIfSignedIn() -> impl IntoView {
    let user = expect_context::<CurrentUser>().0;
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                user.await.ok().flatten().map(|actor| view! { <Redirect path=actor.role.home()/> })
            })}
        </Suspense>
    }
}

const CARD: &str = "mx-auto mt-8 w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8";

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = expect_context::<AuthActions>().sign_in;
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let value = action_error(action.value());
    let general = form_error(value, &["email", "password"]);
    view! {
        <leptos_meta::Title text="Sign in"/>
        <RedirectIfSignedIn/>
        <div class=CARD>
            <h1 class="text-2xl font-bold">"Sign in to Collabdesk"</h1>
            <ActionForm action=action attr:class="mt-6 space-y-4" attr:novalidate="">
                <input type="hidden" name="next" value=next/>
                <Field label="Email" name="email" kind="email" autocomplete="username" required=true error=field_error(value, "email")/>
                <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true error=field_error(value, "password")/>
                {move || general.get().map(|e| view! { <p role="alert" class="rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                <div class="flex items-center justify-between">
                    <SubmitButton label="Sign in" pending=action.pending() pending_label="Signing in…"/>
                    <a href="/signup" class="text-sm text-indigo-700 hover:underline">"Create an account"</a>
                </div>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = expect_context::<AuthActions>().sign_up;
    let value = action_error(action.value());
    let role = RwSignal::new("business".to_string());
    let fields = &[
        "email",
        "password",
        "role",
        "name",
        "username",
        "avatar_url",
        "platforms",
        "followers",
        "niche",
        "bio",
    ];
    let general = form_error(value, fields);
    let niches = NICHES
        .iter()
        .map(|n| (n.to_string(), capitalise(n)))
        .collect::<Vec<_>>();
    view! {
        <leptos_meta::Title text="Sign up"/>
        <RedirectIfSignedIn/>
        <div class=CARD>
            <h1 class="text-2xl font-bold">"Create your Collabdesk account"</h1>
            <ActionForm action=action attr:class="mt-6 space-y-4" attr:novalidate="">
                <fieldset>
                    <legend class="text-sm font-medium text-slate-700">"I am"</legend>
                    <div class="mt-2 flex gap-4">
                        <label class="flex items-center gap-2 text-sm">
                            <input type="radio" name="role" value="business" checked=true on:change=move |_| role.set("business".into())/>
                            "A business"
                        </label>
                        <label class="flex items-center gap-2 text-sm">
                            <input type="radio" name="role" value="creator" on:change=move |_| role.set("creator".into())/>
                            "A creator"
                        </label>
                    </div>
                </fieldset>
                <Field
                    label="Name"
                    name="name"
                    required=true
                    error=field_error(value, "name")
                    hint="Businesses: your brand's name. Creators: the name your audience knows."
                />
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true error=field_error(value, "email")/>
                <Field label="Password" name="password" kind="password" autocomplete="new-password" required=true error=field_error(value, "password") hint="At least 10 characters."/>
                <div class="space-y-4 rounded-lg bg-slate-50 p-4" class:hidden=move || role.get() != "creator">
                    <p class="text-sm font-medium text-slate-700">"Your creator profile"</p>
                    <Field label="Username" name="username" error=field_error(value, "username") hint="Letters, digits and underscores, shown as @username."/>
                    <Field label="Avatar URL" name="avatar_url" kind="url" error=field_error(value, "avatar_url")/>
                    <fieldset>
                        <legend class="text-sm font-medium text-slate-700">"Platforms"</legend>
                        <div class="mt-2 flex flex-wrap gap-3">
                            {PLATFORMS.iter().map(|p| view! {
                                <label class="flex items-center gap-1.5 text-sm">
                                    <input type="checkbox" name="platforms[]" value=*p/>
                                    {capitalise(p)}
                                </label>
                            }).collect_view()}
                        </div>
                        {move || field_error(value, "platforms").get().map(|e| view! { <p class="mt-1 text-sm text-red-700">{e}</p> })}
                    </fieldset>
                    <Field label="Followers" name="followers" kind="number" error=field_error(value, "followers")/>
                    <SelectField label="Niche" name="niche" options=niches error=field_error(value, "niche")/>
                    <TextArea label="Bio" name="bio" error=field_error(value, "bio") rows=3/>
                </div>
                {move || general.get().map(|e| view! { <p role="alert" class="rounded-md bg-red-50 p-3 text-sm text-red-800">{e}</p> })}
                <div class="flex items-center justify-between">
                    <SubmitButton label="Create account" pending=action.pending() pending_label="Creating…"/>
                    <a href="/signin" class="text-sm text-indigo-700 hover:underline">"I already have an account"</a>
                </div>
            </ActionForm>
        </div>
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
