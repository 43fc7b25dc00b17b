//! Sign in and sign up: plain forms (no WebAssembly on these pages' critical path).

use crate::api::auth::{SignIn, SignUp};
use crate::domain::account::{NICHES, PLATFORMS};
use crate::ui::components::{Alert, Field, PostForm, SelectField, Submit, TextArea};
use crate::ui::request::{self, FormState};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

const CARD: &str = "mx-auto mt-8 w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8";

#[component]
pub fn SignInPage() -> impl IntoView {
    // someone already signed in goes to their home page instead
    if let Some(actor) = request::actor() {
        return view! { <Redirect path=actor.role.home()/> }.into_any();
    }
    let next = use_query_map().read_untracked().get("next").unwrap_or_default();
    let form = FormState::of(SignIn::url());
    view! {
        <leptos_meta::Title text="Sign in"/>
        <div class=CARD>
            <h1 class="text-2xl font-bold">"Sign in to Collabdesk"</h1>
            <PostForm action=SignIn::url() class="mt-6 space-y-4">
                <input type="hidden" name="next" value=next/>
                <Field label="Email" name="email" kind="email" autocomplete="username" required=true value=form.value("email") error=form.field("email")/>
                <Field label="Password" name="password" kind="password" autocomplete="current-password" required=true error=form.field("password")/>
                <Alert message=form.general(&["email", "password"])/>
                <div class="flex items-center justify-between">
                    <Submit label="Sign in"/>
                    <a href="/signup" class="text-sm text-indigo-700 hover:underline">"Create an account"</a>
                </div>
            </PostForm>
        </div>
    }
    .into_any()
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    if let Some(actor) = request::actor() {
        return view! { <Redirect path=actor.role.home()/> }.into_any();
    }
    let form = FormState::of(SignUp::url());
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
    let niches = NICHES
        .iter()
        .map(|n| (n.to_string(), capitalise(n)))
        .collect::<Vec<_>>();
    let creator = form.value("role") == "creator";
    let platforms = form.values("platforms[]");
    view! {
        <leptos_meta::Title text="Sign up"/>
        <div class=CARD>
            <h1 class="text-2xl font-bold">"Create your Collabdesk account"</h1>
            // the creator profile shows when "A creator" is chosen (CSS only: works without JavaScript)
            <PostForm action=SignUp::url() class="group mt-6 space-y-4">
                <fieldset>
                    <legend class="text-sm font-medium text-slate-700">"I am"</legend>
                    <div class="mt-2 flex gap-4">
                        <label class="flex items-center gap-2 text-sm">
                            <input type="radio" name="role" value="business" checked=!creator/>
                            "A business"
                        </label>
                        <label class="flex items-center gap-2 text-sm">
                            <input type="radio" name="role" value="creator" checked=creator/>
                            "A creator"
                        </label>
                    </div>
                </fieldset>
                <Field
                    label="Name"
                    name="name"
                    required=true
                    value=form.value("name")
                    error=form.field("name")
                    hint="Businesses: your brand's name. Creators: the name your audience knows."
                />
                <Field label="Email" name="email" kind="email" autocomplete="email" required=true value=form.value("email") error=form.field("email")/>
                <Field label="Password" name="password" kind="password" autocomplete="new-password" required=true error=form.field("password") hint="At least 10 characters."/>
                <div class="hidden space-y-4 rounded-lg bg-slate-50 p-4 group-has-[input[value=creator]:checked]:block">
                    <p class="text-sm font-medium text-slate-700">"Your creator profile"</p>
                    <Field label="Username" name="username" value=form.value("username") error=form.field("username") hint="Letters, digits and underscores, shown as @username."/>
                    <Field label="Avatar URL" name="avatar_url" kind="url" value=form.value("avatar_url") error=form.field("avatar_url")/>
                    <fieldset>
                        <legend class="text-sm font-medium text-slate-700">"Platforms"</legend>
                        <div class="mt-2 flex flex-wrap gap-3">
                            {PLATFORMS.iter().map(|p| {
                                let checked = platforms.iter().any(|v| v == p);
                                view! {
                                    <label class="flex items-center gap-1.5 text-sm">
                                        <input type="checkbox" name="platforms[]" value=*p checked=checked/>
                                        {capitalise(p)}
                                    </label>
                                }
                            }).collect_view()}
                        </div>
                        {form.field("platforms").map(|e| view! { <p class="mt-1 text-sm text-red-700">{e}</p> })}
                    </fieldset>
                    <Field label="Followers" name="followers" kind="number" value=form.value("followers") error=form.field("followers")/>
                    <SelectField label="Niche" name="niche" options=niches selected=form.value("niche") error=form.field("niche")/>
                    <TextArea label="Bio" name="bio" value=form.value("bio") error=form.field("bio") rows=3/>
                </div>
                <Alert message=form.general(fields)/>
                <div class="flex items-center justify-between">
                    <Submit label="Create account"/>
                    <a href="/signin" class="text-sm text-indigo-700 hover:underline">"I already have an account"</a>
                </div>
            </PostForm>
        </div>
    }
    .into_any()
}

/// `food` → `Food` (the app's own slugs and event names, which are ASCII).
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase()).chain(c).collect(),
        None => String::new(),
    }
}
