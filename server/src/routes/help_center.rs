//! The public help centre, plain HTML that works without JavaScript: a home page per site and
//! language with a search box (its results on the same page, `?q=`) and the articles by
//! category (tag), and a `sitemap.xml` with every published article and its translations.
//! Article pages are in `super::pages`.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use ayuda_kb::search::{SearchQuery, escape_html as escape};
use ayuda_store::{ListedArticle, SiteRow};
use serde::Deserialize;

use crate::error::{AppError, AppPath, AppQuery, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/help/{site}", get(default_home))
        .route("/help/{site}/sitemap.xml", get(sitemap))
        .route("/help/{site}/{locale}", get(home))
}

/// The pages' shared look, inline (no script anywhere; the CSP allows inline styles only).
pub const STYLE: &str = "body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2937}\
a{color:#1d4ed8}pre{background:#f3f4f6;padding:.75rem;overflow:auto}table{border-collapse:collapse}\
td,th{border:1px solid #d1d5db;padding:.25rem .5rem}img{max-width:100%}nav.crumbs{font-size:.9rem}\
nav.crumbs ol{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem}\
nav.crumbs li+li::before{content:'›';margin-right:.25rem}mark{background:#fde68a;color:inherit}\
input[type=search]{font:inherit;padding:.4rem;width:min(100%,28rem)}button{font:inherit;padding:.4rem .8rem}\
@media (prefers-color-scheme:dark){body{background:#111827;color:#e5e7eb}a{color:#93c5fd}pre{background:#1f2937}mark{background:#92400e}}";

/// The policy of every help-centre page: nothing runs; forms may only search here.
pub const CSP: &str = "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors *";

/// Wraps a page with its headers.
pub fn page_response(html: String) -> Response {
    let mut response = Html(html).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    response
}

/// Words of the pages, in the page's language (Spanish or else English).
pub fn words(locale: &str) -> [&'static str; 7] {
    if locale.starts_with("es") {
        [
            "Centro de ayuda",
            "Buscar en la ayuda",
            "Buscar",
            "Otros artículos",
            "resultados para",
            "Nada coincide con tu búsqueda. Prueba con otras palabras.",
            "Inicio",
        ]
    } else {
        [
            "Help centre",
            "Search the help centre",
            "Search",
            "More articles",
            "results for",
            "Nothing matches your search. Try other words.",
            "Home",
        ]
    }
}

async fn default_home(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> AppResult<Redirect> {
    let site = state.site(&site)?;
    Ok(Redirect::to(&format!(
        "/help/{}/{}",
        site.key, site.default_locale
    )))
}

/// The published articles of `site` in `locale` (titles and tags only: no body is read).
async fn published(
    state: &AppState,
    site: &SiteRow,
    locale: &str,
) -> AppResult<Vec<ListedArticle>> {
    Ok(state
        .store
        .published_listing()
        .await?
        .into_iter()
        .filter(|a| a.locale == locale && a.visible_on(&site.key))
        .collect())
}

#[derive(Debug, Deserialize)]
pub struct HomeParams {
    q: Option<String>,
}

async fn home(
    State(state): State<AppState>,
    AppPath((site, locale)): AppPath<(String, String)>,
    AppQuery(params): AppQuery<HomeParams>,
) -> AppResult<Response> {
    let site = state.site(&site)?;
    let locale = ayuda_kb::locale::normalize(&locale)
        .ok_or_else(|| AppError::not_found("no such language"))?;
    let [
        centre,
        search_label,
        search_button,
        more,
        results_for,
        nothing,
        _,
    ] = words(&locale);
    let links = state.article_links(&site.key);
    let query = params.q.unwrap_or_default();
    let query = query.trim();
    if query.chars().count() > 200 {
        return Err(AppError::invalid("the search is at most 200 characters"));
    }
    let mut body = String::new();
    if query.is_empty() {
        // By category: each tag with its articles, most viewed first; untagged at the end.
        let mut by_tag: BTreeMap<String, Vec<&ListedArticle>> = BTreeMap::new();
        let articles = published(&state, &site, &locale).await?;
        let mut untagged = Vec::new();
        for article in &articles {
            if article.tags.is_empty() {
                untagged.push(article);
            }
            for tag in &article.tags {
                by_tag.entry(tag.clone()).or_default().push(article);
            }
        }
        let mut sections: Vec<(String, Vec<&ListedArticle>)> = by_tag.into_iter().collect();
        if !untagged.is_empty() {
            sections.push((more.to_owned(), untagged));
        }
        for (tag, mut list) in sections {
            list.sort_by(|a, b| b.views.cmp(&a.views).then(a.title.cmp(&b.title)));
            body.push_str(&format!(
                "<section><h2 id=\"{}\">{}</h2><ul>",
                escape(&ayuda_kb::slug::slugify(&tag)),
                escape(&tag)
            ));
            for article in list {
                body.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    escape(&links.url(&article.locale, &article.slug)),
                    escape(&article.title)
                ));
            }
            body.push_str("</ul></section>");
        }
    } else {
        let results = state.index.search(&SearchQuery {
            text: query,
            locale: &locale,
            site: Some(&site.key),
            tags: &[],
            limit: 20,
            offset: 0,
            fallback_locale: None,
        })?;
        body.push_str(&format!(
            "<h2>{} {results_for} “{}”</h2>",
            results.total,
            escape(query)
        ));
        if results.hits.is_empty() {
            body.push_str(&format!("<p>{nothing}</p>"));
        } else {
            body.push_str("<ol>");
            for hit in &results.hits {
                // Titles and snippets come escaped from the engine, with `<mark>` only.
                body.push_str(&format!(
                    "<li><a href=\"{}\">{}</a><p>{}</p></li>",
                    escape(&links.url(&hit.locale, &hit.slug)),
                    hit.title_html,
                    hit.snippet
                ));
            }
            body.push_str("</ol>");
        }
    }
    let others: String = ["es", "en"]
        .iter()
        .filter(|other| **other != locale)
        .map(|other| {
            format!(
                "<link rel=alternate hreflang=\"{other}\" href=\"{}/help/{}/{other}\">",
                state.settings.public_url(),
                escape(&site.key)
            )
        })
        .collect();
    let title = format!("{centre} · {}", site.name);
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><meta name=description content=\"{title}\">\
         <link rel=canonical href=\"{base}/help/{key}/{lang}\">{others}<style>{STYLE}</style></head>\
         <body><header><h1>{title}</h1>\
         <form role=search method=get action=\"/help/{key}/{lang}\">\
         <label for=q>{search_label}</label> <input type=search id=q name=q value=\"{query}\" maxlength=200> \
         <button type=submit>{search_button}</button></form></header>\
         <main>{body}</main></body></html>",
        lang = escape(&locale),
        title = escape(&title),
        base = state.settings.public_url(),
        key = escape(&site.key),
        query = escape(query),
    );
    Ok(page_response(html))
}

/// Every published article of the site, with its translations as `hreflang` alternates.
async fn sitemap(
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> AppResult<Response> {
    let site = state.site(&site)?;
    let links = state.article_links(&site.key);
    let articles: Vec<ListedArticle> = state
        .store
        .published_listing()
        .await?
        .into_iter()
        .filter(|a| a.visible_on(&site.key))
        .collect();
    let mut by_key: BTreeMap<&str, Vec<&ListedArticle>> = BTreeMap::new();
    for article in &articles {
        by_key
            .entry(&article.translation_key)
            .or_default()
            .push(article);
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for article in &articles {
        xml.push_str(&format!(
            "<url><loc>{}</loc><lastmod>{}</lastmod>",
            escape(&links.url(&article.locale, &article.slug)),
            crate::time::rfc3339(article.updated_at)
        ));
        let group = by_key.get(article.translation_key.as_str());
        if group.is_some_and(|g| g.len() > 1) {
            for other in group.into_iter().flatten() {
                xml.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(&other.locale),
                    escape(&links.url(&other.locale, &other.slug))
                ));
            }
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    let mut response = xml.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/xml; charset=utf-8"),
    );
    Ok(response)
}
