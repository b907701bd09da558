//! Public article pages: plain HTML for links, search engines and readers without JavaScript.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::error::{AppError, AppPath};
use crate::routes::public::{find_published, public_article};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/help/{site}/{locale}/{slug}", get(article_page))
}

use ayuda_kb::search::escape_html as escape;

const STYLE: &str = "body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2937}\
a{color:#1d4ed8}pre{background:#f3f4f6;padding:.75rem;overflow:auto}table{border-collapse:collapse}\
td,th{border:1px solid #d1d5db;padding:.25rem .5rem}img{max-width:100%}\
@media (prefers-color-scheme:dark){body{background:#111827;color:#e5e7eb}a{color:#93c5fd}pre{background:#1f2937}}";

async fn article_page(
    State(state): State<AppState>,
    AppPath((site, locale, slug)): AppPath<(String, String, String)>,
) -> Result<Response, AppError> {
    let site = state.site(&site)?;
    let Some(locale) = ayuda_kb::locale::normalize(&locale) else {
        return Err(AppError::article_not_found());
    };
    let article = match find_published(&state, &site, &slug, &locale).await {
        Ok(article) => article,
        Err(_) => {
            let page = format!(
                "<!doctype html><html><head><meta charset=utf-8><title>404</title><style>{STYLE}</style></head>\
                 <body><h1>404</h1><p>{}</p></body></html>",
                if locale.starts_with("es") {
                    "No encontramos este artículo."
                } else {
                    "We could not find this article."
                }
            );
            return Ok((StatusCode::NOT_FOUND, Html(page)).into_response());
        }
    };
    state.store.add_view(article.id).await?;
    let view = public_article(&state, &site, article).await?;
    let alternates: String = view
        .translations
        .iter()
        .map(|t| {
            format!(
                "<link rel=alternate hreflang=\"{}\" href=\"{}\">",
                escape(&t.locale),
                escape(&t.url)
            )
        })
        .collect();
    let other_languages: String = view
        .translations
        .iter()
        .map(|t| {
            format!(
                " <a href=\"{}\" lang=\"{}\">{}</a>",
                escape(&t.url),
                escape(&t.locale),
                escape(&t.locale)
            )
        })
        .collect();
    let page = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>{title} · {site_name}</title><meta name=description content=\"{summary}\">\
         <link rel=canonical href=\"{url}\">{alternates}<style>{STYLE}</style></head>\
         <body><main><article><h1>{title}</h1>{html}</article></main>\
         <footer><p>{site_name}{langs}</p></footer></body></html>",
        lang = escape(&view.locale),
        title = escape(&view.title),
        site_name = escape(&site.name),
        summary = escape(&view.summary),
        url = escape(&view.url),
        html = view.html,
        langs = other_languages,
    );
    let mut response = Html(page).into_response();
    // The article HTML is sanitised already; the CSP is a second wall: no script runs here.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src * data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            super::escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
