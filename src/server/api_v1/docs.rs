//! `/api/v1/docs`: the API's documentation as a page, written from the OpenAPI document.

/// What a parameter means: its description (or its schema's), then the values it takes.
fn meaning(p: &serde_json::Value) -> String {
    let schema = &p["schema"];
    let mut out = [&p["description"], &schema["description"]]
        .into_iter()
        .find_map(|d| d.as_str().filter(|d| !d.is_empty()))
        .unwrap_or_default()
        .to_string();
    let mut add = |more: String| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&more);
    };
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values
            .iter()
            .filter_map(|v| v.as_str())
            .map(|v| format!("`{v}`"))
            .collect();
        add(format!("One of {}.", values.join(", ")));
    }
    if let Some(pattern) = schema["pattern"].as_str() {
        add(format!("Matches `{pattern}`."));
    }
    if let (Some(min), Some(max)) = (schema["minimum"].as_i64(), schema["maximum"].as_i64()) {
        add(format!("From {min} to {max}."));
    }
    out
}

/// The API's documentation as a page people read: every operation with its parameters and answers, and every
/// schema with its fields, written from the OpenAPI document itself (so it cannot drift from it).
pub fn docs_page(doc: &serde_json::Value) -> String {
    use leptos::prelude::*;
    use leptos::tachys::view::RenderHtml;
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let info = &doc["info"];
    let mut operations = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                let op = &item[method];
                if !op.is_object() {
                    continue;
                }
                let params: Vec<(String, String, bool, String)> = op["parameters"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .map(|p| {
                                (
                                    text(&p["name"]),
                                    text(&p["in"]),
                                    p["required"].as_bool().unwrap_or(false),
                                    meaning(p),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let answers: Vec<(String, String)> = op["responses"]
                    .as_object()
                    .map(|rs| {
                        rs.iter()
                            .map(|(code, r)| (code.clone(), text(&r["description"])))
                            .collect()
                    })
                    .unwrap_or_default();
                let what = [text(&op["summary"]), text(&op["description"])]
                    .into_iter()
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                operations.push((method.to_uppercase(), path.clone(), what, params, answers));
            }
        }
    }
    /// (name, description, its fields: (name, type, description))
    type Schema = (String, String, Vec<(String, String, String)>);
    let schemas: Vec<Schema> = doc["components"]["schemas"]
        .as_object()
        .map(|ss| {
            ss.iter()
                .map(|(name, s)| {
                    let fields = s["properties"]
                        .as_object()
                        .map(|ps| {
                            ps.iter()
                                .map(|(f, p)| {
                                    let kind = match (&p["type"], &p["$ref"]) {
                                        (serde_json::Value::String(t), _) => t.clone(),
                                        (serde_json::Value::Array(ts), _) => {
                                            ts.iter().map(text).collect::<Vec<_>>().join(" | ")
                                        }
                                        (_, serde_json::Value::String(r)) => {
                                            r.rsplit('/').next().unwrap_or_default().to_string()
                                        }
                                        _ => "object".to_string(),
                                    };
                                    (f.clone(), kind, text(&p["description"]))
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    (name.clone(), text(&s["description"]), fields)
                })
                .collect()
        })
        .unwrap_or_default();
    // the events we send: (name, summary), and how they are signed (the same text on each)
    let webhooks: Vec<(String, String)> = doc["webhooks"]
        .as_object()
        .map(|ws| {
            ws.iter()
                .map(|(name, w)| (name.clone(), text(&w["post"]["summary"])))
                .collect()
        })
        .unwrap_or_default();
    let scheme = doc["webhooks"]
        .as_object()
        .and_then(|ws| ws.values().next())
        .map(|w| text(&w["post"]["description"]))
        .unwrap_or_default();
    let page = view! {
        <main class="mx-auto max-w-4xl px-4 py-6 font-sans text-slate-900">
            <h1 class="text-2xl font-bold">{text(&info["title"])}" "<small>{format!("v{}", text(&info["version"]))}</small></h1>
            <p class="mt-2">{text(&info["description"])}</p>
            <p class="mt-2">"Machine-readable: "<a href="/api/v1/openapi.json">"/api/v1/openapi.json"</a>" (OpenAPI 3.1). Keys: the API keys page, signed in."</p>
            <h2 class="mt-6 text-xl font-semibold">"Operations"</h2>
            {operations.into_iter().map(|(method, path, description, params, answers)| view! {
                <section class="mt-4 rounded border p-3">
                    <h3 class="font-mono"><strong>{method}</strong>" "{path}</h3>
                    <p>{description}</p>
                    {(!params.is_empty()).then(|| view! {
                        <table><caption>"Parameters"</caption>
                            <tr><th>"name"</th><th>"in"</th><th>"required"</th><th>"meaning"</th></tr>
                            {params.into_iter().map(|(n, i, r, d)| view! { <tr><td><code>{n}</code></td><td>{i}</td><td>{if r { "yes" } else { "no" }}</td><td>{d}</td></tr> }).collect_view()}
                        </table>
                    })}
                    <table><caption>"Answers"</caption>
                        {answers.into_iter().map(|(c, d)| view! { <tr><td><code>{c}</code></td><td>{d}</td></tr> }).collect_view()}
                    </table>
                </section>
            }).collect_view()}
            <h2 class="mt-6 text-xl font-semibold" id="webhooks">"Webhooks we send"</h2>
            <p class="mt-2">{scheme}</p>
            <p class="mt-2">"Each body is "<code>"{\"type\": …, \"timestamp\": …, \"data\": …}"</code>"; "<code>"data"</code>" is the record, as the schema named with the event."</p>
            <table>
                {webhooks.into_iter().map(|(name, summary)| view! { <tr><td><code>{name}</code></td><td>{summary}</td></tr> }).collect_view()}
            </table>
            <h2 class="mt-6 text-xl font-semibold">"Schemas"</h2>
            {schemas.into_iter().map(|(name, description, fields)| { let anchor = format!("schema-{name}"); view! {
                <section class="mt-4" id=anchor>
                    <h3 class="font-mono font-semibold">{name}</h3>
                    <p>{description}</p>
                    <table>
                        {fields.into_iter().map(|(f, k, d)| view! { <tr><td><code>{f}</code></td><td>{k}</td><td>{d}</td></tr> }).collect_view()}
                    </table>
                </section>
            }}).collect_view()}
        </main>
    };
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Collabdesk partner API</title><style>body{{font-family:system-ui,sans-serif;line-height:1.5}}table{{border-collapse:collapse;margin-top:.5rem}}td,th{{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}}caption{{text-align:left;font-weight:600}}</style></head><body>{}</body></html>",
        page.to_html()
    )
}
