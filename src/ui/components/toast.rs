use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq)]
struct Toast {
    id: u64,
    error: bool,
    text: String,
}

/// Short messages in the corner ("Campaign published"), dismissed after a few seconds or by a click.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}

impl Toasts {
    pub fn new() -> Self {
        Self {
            items: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
        }
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(false, text.into());
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(true, text.into());
    }

    fn push(&self, error: bool, text: String) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|v| v.push(Toast { id, error, text }));
        let items = self.items;
        set_timeout(
            move || items.update(|v| v.retain(|t| t.id != id)),
            Duration::from_secs(6),
        );
    }
}

#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div class="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 sm:items-end" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div
                    class=if toast.error {
                        "pointer-events-auto flex items-center gap-3 rounded-lg bg-red-700 px-4 py-3 text-sm text-white shadow-lg"
                    } else {
                        "pointer-events-auto flex items-center gap-3 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg"
                    }
                    data-toast=""
                >
                    <span>{toast.text.clone()}</span>
                    <button
                        class="text-white/70 hover:text-white"
                        aria-label="Dismiss"
                        on:click=move |_| toasts.items.update(|v| v.retain(|t| t.id != toast.id))
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
