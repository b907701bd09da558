//! Real components mounted into the page, checked through the DOM.

use ayuda_api::{
    PublicArticle, RelatedArticle, SearchHit, SearchResponse, SuggestReason, SuggestedArticle,
};
use ayuda_widget::App;
use ayuda_widget::components::{ArticleBody, Home, SearchResults, VoteBox};
use ayuda_widget::dom::{VISITOR_KEY, storage_get, trap_tab};
use ayuda_widget::state::{Load, SearchState, View};
use ayuda_widget::vote::vote_key;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::HtmlElement;

use crate::{key, mount, tick};

fn hit(slug: &str, title_html: &str, snippet: &str) -> SearchHit {
    SearchHit {
        slug: slug.into(),
        locale: "es".into(),
        title: slug.into(),
        snippet: snippet.into(),
        title_html: title_html.into(),
        url: format!("http://ayuda.test/help/demo/es/{slug}"),
        score: 1.0,
    }
}

fn results(query: &str, hits: Vec<SearchHit>) -> SearchState {
    SearchState::Done {
        query: query.into(),
        response: SearchResponse {
            total: hits.len(),
            hits,
            facets: Vec::new(),
            fallback: false,
        },
    }
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn results_render_server_marks_and_nothing_else() {
    let m = mount(
        |panel| {
            panel.search.set(results(
                "pagar",
                vec![hit(
                    "pagos",
                    "Cómo <mark>pagar</mark>",
                    "Puedes <mark>pagar</mark> con &lt;script&gt;tarjeta&lt;/script&gt;",
                )],
            ))
        },
        || view! { <SearchResults/> },
    );
    tick().await;
    assert_eq!(
        m.get("[data-testid=results]")
            .get_attribute("role")
            .as_deref(),
        Some("listbox")
    );
    assert_eq!(m.count("[data-testid=result][role=option]"), 1);
    assert_eq!(m.count("[data-testid=result] mark"), 2);
    assert_eq!(m.text("[data-testid=result] .t mark"), "pagar");
    assert_eq!(m.count("script"), 0, "escaped server text stays text");
    assert!(
        m.text("[data-testid=result] .s")
            .contains("<script>tarjeta</script>")
    );
}

#[wasm_bindgen_test]
async fn empty_state_shows_a_hostile_query_as_text() {
    let hostile = r#"<img src=x onerror="window.pwned=1">"#;
    let m = mount(
        move |panel| {
            panel.explicit_locale.set(Some("es".into()));
            panel.search.set(results(hostile, Vec::new()));
        },
        || view! { <SearchResults/> },
    );
    tick().await;
    let empty = m.text("[data-testid=empty]");
    assert!(
        empty.contains(&format!("No encontramos nada para «{hostile}»")),
        "{empty}"
    );
    assert_eq!(m.count("img"), 0, "the query must never become HTML");
    assert_eq!(m.count("[data-testid=empty] [data-testid=contact]"), 1);
}

#[wasm_bindgen_test]
async fn a_failed_search_offers_a_retry() {
    let m = mount(
        |panel| {
            panel.explicit_locale.set(Some("en".into()));
            panel.search.set(SearchState::Failed {
                query: "x".into(),
                error: ayuda_widget::api::ApiError::Timeout,
            });
        },
        || view! { <SearchResults/> },
    );
    tick().await;
    let error = m.get("[data-testid=error]");
    assert_eq!(error.get_attribute("role").as_deref(), Some("alert"));
    assert!(
        m.text("[data-testid=error]")
            .contains("We couldn't reach the help center.")
    );
    assert_eq!(m.count("[data-testid=retry]"), 1);
}

#[wasm_bindgen_test]
async fn arrow_keys_move_the_active_option() {
    let m = mount(
        |panel| {
            panel.query.set("factura".into());
            panel.search.set(results(
                "factura",
                vec![hit("a", "A", "a"), hit("b", "B", "b"), hit("c", "C", "c")],
            ));
        },
        || view! { <Home/> },
    );
    tick().await;
    let input: HtmlElement = m.get("[data-testid=search-input]").unchecked_into();
    assert_eq!(input.get_attribute("role").as_deref(), Some("combobox"));
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    assert_eq!(
        input.get_attribute("aria-controls").as_deref(),
        Some("ayuda-results")
    );
    assert_eq!(input.get_attribute("aria-activedescendant"), None);
    assert_eq!(m.text("[data-testid=status]"), "3 results");

    let press = |name: &str| {
        input.dispatch_event(&key(name, false)).unwrap();
    };
    press("ArrowDown");
    tick().await;
    assert_eq!(
        input.get_attribute("aria-activedescendant").as_deref(),
        Some("ayuda-opt-0")
    );
    assert_eq!(
        m.get("#ayuda-opt-0")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    press("ArrowDown");
    tick().await;
    assert_eq!(
        input.get_attribute("aria-activedescendant").as_deref(),
        Some("ayuda-opt-1")
    );
    assert_eq!(
        m.get("#ayuda-opt-0")
            .get_attribute("aria-selected")
            .as_deref(),
        Some("false")
    );
    press("ArrowUp");
    press("ArrowUp");
    tick().await;
    assert_eq!(
        input.get_attribute("aria-activedescendant").as_deref(),
        Some("ayuda-opt-2"),
        "ArrowUp wraps from the first option to the last"
    );
    // Enter opens the active option in the reader.
    press("Enter");
    tick().await;
    assert_eq!(
        m.panel.view.get_untracked(),
        View::Article {
            slug: "c".into(),
            locale: "es".into()
        }
    );
}

#[wasm_bindgen_test]
async fn home_lists_context_and_popular_suggestions() {
    let suggestion = |slug: &str, reason| SuggestedArticle {
        slug: slug.into(),
        locale: "en".into(),
        title: format!("Title {slug}"),
        summary: "Summary".into(),
        url: format!("http://ayuda.test/help/demo/en/{slug}"),
        reason,
    };
    let m = mount(
        move |panel| {
            panel.explicit_locale.set(Some("en".into()));
            panel.suggestions.set(Load::Ready(vec![
                suggestion("here", SuggestReason::Context),
                suggestion("top", SuggestReason::Popular),
                suggestion("top2", SuggestReason::Popular),
            ]));
        },
        || view! { <Home/> },
    );
    tick().await;
    assert_eq!(m.text("h1"), "How can we help?");
    let headings = m
        .root
        .query_selector_all("[data-testid=home-list] h2")
        .unwrap();
    assert_eq!(headings.length(), 2);
    assert_eq!(
        headings.item(0).unwrap().text_content().unwrap(),
        "Suggested for this page"
    );
    assert_eq!(
        headings.item(1).unwrap().text_content().unwrap(),
        "Popular articles"
    );
    assert_eq!(m.count("[data-testid=home-article]"), 3);
    assert_eq!(m.count("[data-testid=contact]"), 1);

    // Switching the locale re-renders the strings.
    m.panel.explicit_locale.set(Some("es".into()));
    tick().await;
    assert_eq!(m.text("h1"), "¿En qué podemos ayudarte?");
}

fn sample_article() -> PublicArticle {
    PublicArticle {
        slug: "pagos".into(),
        locale: "es".into(),
        title: "Pagos".into(),
        html: concat!(
            r##"<h2 id="tarjeta">Tarjeta</h2><p><a href="#tarjeta">arriba</a> "##,
            r#"<a href="/help/demo/es/facturas">facturas</a> "#,
            r#"<a href="reembolsos">reembolsos</a> <img src="img/tarjeta.png" alt="Tarjeta"> "#,
            r#"<a href="https://example.org/docs">docs</a></p>"#,
            "<pre><code>let x = 1;</code></pre>",
            "<table><tr><th>A</th></tr><tr><td>1</td></tr></table>",
        )
        .into(),
        summary: String::new(),
        tags: Vec::new(),
        url: "http://ayuda.test/help/demo/es/pagos".into(),
        updated_at: String::new(),
        translations: Vec::new(),
        helpful: 0,
        not_helpful: 0,
        related: vec![RelatedArticle {
            slug: "reembolsos".into(),
            locale: "es".into(),
            title: "Reembolsos".into(),
            url: "http://ayuda.test/help/demo/es/reembolsos".into(),
        }],
    }
}

#[wasm_bindgen_test]
async fn the_reader_adapts_the_article_html() {
    let m = mount(
        |panel| panel.explicit_locale.set(Some("es".into())),
        || view! { <ArticleBody article=sample_article().into()/> },
    );
    tick().await;
    assert_eq!(m.text("[data-testid=article-title]"), "Pagos");
    assert_eq!(
        m.get("[data-testid=article]")
            .get_attribute("lang")
            .as_deref(),
        Some("es")
    );
    // Scrollable code and tables are reachable by keyboard.
    assert_eq!(m.get("pre").get_attribute("tabindex").as_deref(), Some("0"));
    let wrap = m.get(".table-wrap");
    assert_eq!(wrap.get_attribute("tabindex").as_deref(), Some("0"));
    assert!(wrap.query_selector("table").unwrap().is_some());
    // External links open in a new tab; anchors and article links stay in the panel.
    let external = m.get(r#"a[href="https://example.org/docs"]"#);
    assert_eq!(external.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        external.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(
        m.get(r##"a[href="#tarjeta"]"##).get_attribute("target"),
        None
    );
    let internal = m.get(r#"a[href="http://ayuda.test/help/demo/es/facturas"]"#);
    assert_eq!(internal.get_attribute("target"), None);
    // Relative URLs resolve against the article's public page, not the frame.
    let relative = m.get(r#"a[href="http://ayuda.test/help/demo/es/reembolsos"]"#);
    assert_eq!(
        relative.get_attribute("target"),
        None,
        "a relative link to an article"
    );
    assert_eq!(
        m.get("img").get_attribute("src").as_deref(),
        Some("http://ayuda.test/help/demo/es/img/tarjeta.png")
    );
    assert_eq!(m.count("[data-testid=related-article]"), 1);
    let newtab = m.get(r#"a[href="http://ayuda.test/help/demo/es/pagos"]"#);
    assert_eq!(newtab.get_attribute("target").as_deref(), Some("_blank"));

    // Clicking the anchor scrolls; clicking an article link opens it in the panel.
    m.get(r##"a[href="#tarjeta"]"##)
        .unchecked_into::<HtmlElement>()
        .click();
    internal.unchecked_into::<HtmlElement>().click();
    tick().await;
    assert_eq!(
        m.panel.view.get_untracked(),
        View::Article {
            slug: "facturas".into(),
            locale: "es".into()
        }
    );
}

#[wasm_bindgen_test]
async fn a_remembered_vote_shows_the_thanks() {
    let key = vote_key("demo", "es", "votado");
    storage().set_item(&key, "no").unwrap();
    let m = mount(
        |panel| panel.explicit_locale.set(Some("es".into())),
        || view! { <VoteBox slug="votado".to_owned() locale="es".to_owned()/> },
    );
    tick().await;
    assert_eq!(
        m.text("[data-testid=vote-thanks]"),
        "¡Gracias por tu opinión!"
    );
    assert_eq!(
        m.get("[data-testid=vote-no]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        m.get("[data-testid=vote-yes]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
    storage().remove_item(&key).unwrap();
}

#[wasm_bindgen_test]
async fn nothing_is_stored_before_the_first_vote() {
    storage().remove_item(VISITOR_KEY).unwrap();
    let m = mount(
        |_| {},
        || view! { <VoteBox slug="nuevo".to_owned() locale="es".to_owned()/> },
    );
    tick().await;
    assert_eq!(m.count("[data-testid=vote-thanks]"), 0);
    assert_eq!(
        m.get("[data-testid=vote-yes]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
    assert_eq!(storage_get(VISITOR_KEY), None);
}

#[wasm_bindgen_test]
async fn tab_is_trapped_inside_the_panel() {
    let m = mount(|_| {}, || view! { <App/> });
    tick().await;
    let close: HtmlElement = m.get("[data-testid=close]").unchecked_into();
    let contact: HtmlElement = m.get("[data-testid=contact]").unchecked_into();
    let active = || {
        web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element()
    };

    contact.focus().unwrap();
    trap_tab(&key("Tab", false));
    assert_eq!(
        active().as_ref(),
        Some(close.unchecked_ref()),
        "Tab from the last goes to the first"
    );
    trap_tab(&key("Tab", true));
    assert_eq!(
        active().as_ref(),
        Some(contact.unchecked_ref()),
        "Shift+Tab from the first goes to the last"
    );
    // Back is hidden on the home view and shown elsewhere.
    assert_eq!(m.count("[data-testid=back]"), 0);
    m.panel.navigate(View::Contact, false);
    tick().await;
    assert_eq!(m.count("[data-testid=back]"), 1);
    assert!(
        m.get("[data-testid=search-input]")
            .closest("[hidden]")
            .unwrap()
            .is_some()
    );
}

#[wasm_bindgen_test]
async fn a_missing_article_says_so_and_a_failed_one_offers_a_retry() {
    use ayuda_widget::api::ApiError;
    use ayuda_widget::components::ArticleView;
    let m = mount(
        |panel| {
            panel.explicit_locale.set(Some("es".into()));
            panel.article.set(Load::Failed(ApiError::NotFound));
        },
        || view! { <ArticleView/> },
    );
    tick().await;
    assert_eq!(
        m.text("[data-testid=error]"),
        "Este artículo ya no está disponible."
    );
    assert_eq!(m.count("[data-testid=retry]"), 0);
    assert_eq!(m.count("h1"), 1, "the view keeps its heading");
    m.panel.article.set(Load::Failed(ApiError::Network));
    tick().await;
    assert!(
        m.text("[data-testid=error]")
            .contains("No pudimos conectar con el centro de ayuda.")
    );
    assert_eq!(m.count("[data-testid=retry]"), 1);
}

#[wasm_bindgen_test]
async fn a_vote_creates_the_visitor_id_and_a_failed_one_can_be_retried() {
    storage().remove_item(VISITOR_KEY).unwrap();
    // The test server has no API: the vote fails, which is what this test wants to see.
    let m = mount(
        |panel| panel.explicit_locale.set(Some("en".into())),
        || view! { <VoteBox slug="fallido".to_owned() locale="en".to_owned()/> },
    );
    tick().await;
    m.get("[data-testid=vote-yes]")
        .unchecked_into::<HtmlElement>()
        .click();
    let id = storage_get(VISITOR_KEY).expect("the first vote creates the visitor id");
    assert!(ayuda_widget::dom::is_visitor_id(&id), "{id}");
    assert!(crate::until(|| m.find("[data-testid=error]").is_some()).await);
    assert_eq!(m.count("[data-testid=vote-thanks]"), 0);
    assert_eq!(m.count("[data-testid=retry]"), 1);
    assert_eq!(
        m.get("[data-testid=vote-yes]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        storage_get(&vote_key("demo", "en", "fallido")),
        None,
        "only a recorded vote is remembered"
    );
    storage().remove_item(VISITOR_KEY).unwrap();
}
