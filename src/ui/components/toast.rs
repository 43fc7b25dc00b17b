//! Toasts: short messages in the corner ("Campaign published"). They come from the flash, so they show after
//! a plain form post and after an island's post alike; this island dismisses them (after a few seconds, or by
//! a click).

use crate::ui::request::Notice;
use leptos::prelude::*;
use std::time::Duration;

#[island]
pub fn ToastHost(notices: Vec<Notice>) -> impl IntoView {
    let items = RwSignal::new(notices.into_iter().enumerate().collect::<Vec<_>>());
    Effect::new(move |_| {
        set_timeout(
            move || items.update(|v| v.retain(|(_, n)| n.error)),
            Duration::from_secs(6),
        );
        set_timeout(move || items.set(Vec::new()), Duration::from_secs(15));
    });
    view! {
        <div class="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 sm:items-end" role="status" aria-live="polite">
            <For each=move || items.get() key=|(i, _)| *i let:item>
                <div
                    class=if item.1.error {
                        "pointer-events-auto flex items-center gap-3 rounded-lg bg-red-700 px-4 py-3 text-sm text-white shadow-lg"
                    } else {
                        "pointer-events-auto flex items-center gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
                    }
                    role=item.1.error.then_some("alert")
                    data-toast=""
                >
                    <span>{item.1.text.clone()}</span>
                    <button
                        type="button"
                        class="text-white/70 hover:text-white"
                        aria-label="Dismiss"
                        on:click=move |_| items.update(|v| v.retain(|(i, _)| *i != item.0))
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
