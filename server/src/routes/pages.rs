//! Public article pages: plain HTML for links, search engines and readers without JavaScript.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use super::help_center::{STYLE, page_response, words};
use crate::error::{AppError, AppPath};
use crate::routes::public::{find_published, public_article};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/help/{site}/{locale}/{slug}", get(article_page))
}

use ayuda_kb::search::escape_html as escape;

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
    let [centre, .., home_word] = words(&view.locale);
    let home = format!("/help/{}/{}", escape(&site.key), escape(&view.locale));
    let category = view
        .tags
        .first()
        .map(|tag| {
            format!(
                "<li><a href=\"{home}#{}\">{}</a></li>",
                escape(&ayuda_kb::slug::slugify(tag)),
                escape(tag)
            )
        })
        .unwrap_or_default();
    let crumbs = format!(
        "<nav class=crumbs aria-label=\"{centre}\"><ol><li><a href=\"{home}\">{home_word}</a></li>\
         {category}<li aria-current=page>{}</li></ol></nav>",
        escape(&view.title)
    );
    let page = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>{title} · {site_name}</title><meta name=description content=\"{summary}\">\
         <link rel=canonical href=\"{url}\">{alternates}<style>{STYLE}</style></head>\
         <body>{crumbs}<main><article><h1>{title}</h1>{html}</article></main>\
         <footer><p>{site_name}{langs}</p></footer></body></html>",
        lang = escape(&view.locale),
        title = escape(&view.title),
        site_name = escape(&site.name),
        summary = escape(&view.summary),
        url = escape(&view.url),
        html = view.html,
        langs = other_languages,
    );
    // The article HTML is sanitised already; the CSP is a second wall: no script runs here.
    Ok(page_response(page))
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
