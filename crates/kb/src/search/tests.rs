//! Tests of the search index: analysis, matching, ranking, filters, writes and recovery.

use std::fs;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::schema::ALL_SITES;
use super::*;
use crate::markdown;

fn doc(id: i64, locale: &str, title: &str, text: &str) -> IndexDoc {
    IndexDoc {
        id,
        slug: crate::frontmatter::slugify(title),
        locale: locale.to_owned(),
        title: title.to_owned(),
        text: text.to_owned(),
        summary: markdown::summarize(text, 200),
        tags: Vec::new(),
        sites: Vec::new(),
        popularity: 0.0,
    }
}

fn index_with(docs: Vec<IndexDoc>) -> SearchIndex {
    let index = SearchIndex::in_ram().unwrap();
    index.upsert_many(docs).unwrap();
    index
}

fn search(index: &SearchIndex, text: &str, locale: &str) -> SearchResults {
    index.search(&SearchQuery::new(text, locale)).unwrap()
}

fn ids(results: &SearchResults) -> Vec<i64> {
    results.hits.iter().map(|hit| hit.id).collect()
}

fn spanish_kb() -> SearchIndex {
    index_with(vec![
        doc(
            1,
            "es",
            "Configuración de IVA",
            "Cómo configurar el impuesto al valor añadido en tus facturas.",
        ),
        doc(
            2,
            "es",
            "Cambiar la contraseña",
            "Para cambiar tu contraseña, abre tu perfil y pulsa en seguridad.",
        ),
        doc(
            3,
            "es",
            "Facturación mensual",
            "La facturación se genera el primer día de cada mes.",
        ),
        doc(
            4,
            "es",
            "Exportar datos",
            "Puedes exportar una factura en PDF o todos los datos en CSV.",
        ),
        doc(
            5,
            "es",
            "Envíos internacionales",
            "Los envíos fuera de la Unión Europea pagan aranceles.",
        ),
    ])
}

fn english_kb() -> SearchIndex {
    index_with(vec![
        doc(
            1,
            "en",
            "Reset your password",
            "Open the login page and click forgot password to reset it.",
        ),
        doc(
            2,
            "en",
            "Invoices and billing",
            "Download every invoice from the billing page as a PDF.",
        ),
        doc(
            3,
            "en",
            "Shipping rates",
            "Configure table rates for shipping to each country.",
        ),
    ])
}

#[test]
fn search_index_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
}

#[test]
fn accents_and_case_are_folded() {
    let index = spanish_kb();
    assert_eq!(ids(&search(&index, "configuracion", "es"))[0], 1);
    assert_eq!(ids(&search(&index, "CONFIGURACIÓN ", "es"))[0], 1);
    assert_eq!(ids(&search(&index, "contrasena ", "es"))[0], 2);
    assert_eq!(ids(&search(&index, "envios ", "es"))[0], 5);
    // Decomposed accents (e + combining acute) in the query fold like precomposed ones.
    assert_eq!(ids(&search(&index, "facturacio\u{301}n ", "es"))[0], 3);
}

#[test]
fn stemming_matches_inflections() {
    let index = spanish_kb();
    // "facturas" shares the stem of "factura" (article 4) and appears in article 1.
    let found = ids(&search(&index, "facturas ", "es"));
    assert!(found.contains(&1) && found.contains(&4), "{found:?}");
    let index = english_kb();
    assert_eq!(ids(&search(&index, "passwords ", "en"))[0], 1);
    assert_eq!(ids(&search(&index, "invoicing ", "en"))[0], 2);
}

#[test]
fn last_word_is_a_prefix_while_typing() {
    let index = spanish_kb();
    let typing = search(&index, "fact", "es");
    assert!(ids(&typing).contains(&3), "{typing:?}");
    let title = &typing
        .hits
        .iter()
        .find(|hit| hit.id == 3)
        .unwrap()
        .title_html;
    assert_eq!(title, "<mark>Facturación</mark> mensual");
    // Once the word is finished (trailing space) it must match as a word.
    assert!(search(&index, "fact ", "es").hits.is_empty());
    // One letter is a cheap, bounded prefix too.
    assert!(!search(&index, "e", "es").hits.is_empty());
    let phrase = search(&index, "cambiar la contr", "es");
    assert_eq!(ids(&phrase)[0], 2);
}

#[test]
fn one_and_two_typos() {
    let index = english_kb();
    assert_eq!(ids(&search(&index, "pasword", "en"))[0], 1);
    assert_eq!(ids(&search(&index, "pasword ", "en"))[0], 1);
    assert_eq!(
        ids(&search(&index, "shippign ", "en"))[0],
        3,
        "a transposition is one typo"
    );
    let index = spanish_kb();
    assert_eq!(ids(&search(&index, "facturasion ", "es"))[0], 3);
    assert_eq!(
        ids(&search(&index, "fcaturasion ", "es"))[0],
        3,
        "two typos from 9 letters"
    );
    assert_eq!(ids(&search(&index, "contrasela ", "es"))[0], 2);
    // Short words get no typo budget: "iba" must not become "iva".
    assert!(search(&index, "iba ", "es").hits.is_empty());
    // Nor do 5-8 letter words get two.
    assert!(search(&index, "exprtra ", "es").hits.is_empty());
}

#[test]
fn exact_beats_prefix_beats_typo() {
    let index = index_with(vec![
        doc(1, "en", "Note one", "An alpja reading."),
        doc(2, "en", "Note two", "An alphanumeric reading."),
        doc(3, "en", "Note three", "An alpha reading."),
    ]);
    assert_eq!(ids(&search(&index, "alpha", "en")), [3, 2, 1]);
}

#[test]
fn phrase_matches_rank_first() {
    let index = index_with(vec![
        doc(
            1,
            "es",
            "Seguridad",
            "Tu contraseña es privada. Para cambiar el correo ve a ajustes. Cambiar datos.",
        ),
        doc(2, "es", "Perfil", "Aquí puedes cambiar contraseña y foto."),
    ]);
    assert_eq!(ids(&search(&index, "cambiar contraseña", "es")), [2, 1]);
    assert_eq!(ids(&search(&index, "cambiar contra", "es"))[0], 2);
}

#[test]
fn title_beats_body_and_tags_count() {
    // As in a real knowledge base, every article has a tag or two.
    let tagged = |tags: &[&str], article: IndexDoc| IndexDoc {
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..article
    };
    let index = index_with(vec![
        tagged(
            &["envíos"],
            doc(
                1,
                "es",
                "Envíos",
                "Información sobre impuestos y aduanas en envíos.",
            ),
        ),
        tagged(
            &["fiscal"],
            doc(2, "es", "Impuestos", "Información sobre aduanas y envíos."),
        ),
        tagged(
            &["impuestos"],
            doc(3, "es", "Aduanas", "Información sobre envíos."),
        ),
    ]);
    assert_eq!(ids(&search(&index, "impuestos ", "es")), [2, 3, 1]);
}

#[test]
fn all_words_are_required_unless_that_finds_nothing() {
    let index = english_kb();
    assert_eq!(ids(&search(&index, "reset password ", "en")), [1]);
    // Stopwords are optional: no article says "how" or "to".
    assert_eq!(ids(&search(&index, "how to reset password", "en")), [1]);
    // No article has both words: fall back to any word.
    assert_eq!(ids(&search(&index, "password banana ", "en")), [1]);
}

#[test]
fn tag_facets_and_filters() {
    let tagged = |id, tags: &[&str]| IndexDoc {
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..doc(id, "en", "Billing guide", "How billing works.")
    };
    let index = index_with(vec![
        tagged(1, &["billing", "taxes"]),
        tagged(2, &["billing"]),
        tagged(3, &["billing", "taxes", " taxes "]),
        tagged(4, &["shipping"]),
        doc(5, "en", "Unrelated", "Nothing to see."),
    ]);
    let all = index
        .search(&SearchQuery {
            limit: 1,
            ..SearchQuery::new("billing", "en")
        })
        .unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(
        all.hits.len(),
        1,
        "facets count all matches, not just the page"
    );
    assert_eq!(
        all.facets,
        [
            ("billing".to_owned(), 3),
            ("taxes".to_owned(), 2),
            ("shipping".to_owned(), 1)
        ]
    );
    let taxes = ["taxes".to_owned()];
    let filtered = index
        .search(&SearchQuery {
            tags: &taxes,
            ..SearchQuery::new("billing", "en")
        })
        .unwrap();
    assert_eq!(filtered.total, 2);
    let both = ["taxes".to_owned(), "shipping".to_owned()];
    let none = index
        .search(&SearchQuery {
            tags: &both,
            ..SearchQuery::new("billing", "en")
        })
        .unwrap();
    assert_eq!(none.total, 0, "all tags must match");
    // Browsing a tag without text lists its articles, most popular first.
    index
        .upsert(IndexDoc {
            popularity: 50.0,
            ..tagged(3, &["billing", "taxes"])
        })
        .unwrap();
    let browse = index
        .search(&SearchQuery {
            tags: &taxes,
            ..SearchQuery::new("", "en")
        })
        .unwrap();
    assert_eq!(ids(&browse), [3, 1]);
    assert!(search(&index, "", "en").hits.is_empty());
}

/// An English article about exporting, visible on `sites` (all sites when empty).
fn export_article_on(id: i64, sites: &[&str]) -> IndexDoc {
    IndexDoc {
        sites: sites.iter().map(|s| (*s).to_owned()).collect(),
        ..doc(id, "en", "Export data", "Export your data as CSV.")
    }
}

/// The ids "export" finds on `site`, sorted.
fn export_found_on(index: &SearchIndex, site: Option<&str>) -> Vec<i64> {
    let mut found = ids(&index
        .search(&SearchQuery {
            site,
            ..SearchQuery::new("export", "en")
        })
        .unwrap());
    found.sort();
    found
}

#[test]
fn site_filter() {
    let on = export_article_on;
    let index = index_with(vec![
        on(1, &["acme"]),
        on(2, &[]),
        on(3, &["globex"]),
        on(4, &["acme", "globex"]),
    ]);
    let query = |site| export_found_on(&index, site);
    assert_eq!(query(Some("acme")), [1, 2, 4]);
    assert_eq!(query(Some("globex")), [2, 3, 4]);
    assert_eq!(query(Some("initech")), [2]);
    assert_eq!(query(None), [1, 2, 3, 4]);
    assert_eq!(
        query(Some(ALL_SITES)),
        [2],
        "the sentinel is not a real site key"
    );
}

#[test]
fn site_filter_when_every_article_is_everywhere_and_after_one_is_not() {
    let on = export_article_on;
    let index = index_with(vec![on(1, &[]), on(2, &[])]);
    let query = |site| export_found_on(&index, site);
    // Every document is visible on all sites: the site restriction is skipped, not wrong.
    assert_eq!(query(Some("acme")), [1, 2]);
    // One article becomes another site's (its old version is now a deleted document) and a
    // third is added for that site only: the restriction applies again.
    index.upsert(on(2, &["globex"])).unwrap();
    index.upsert(on(3, &["globex"])).unwrap();
    assert_eq!(query(Some("acme")), [1]);
    assert_eq!(query(Some("globex")), [1, 2, 3]);
    index.remove(2).unwrap();
    index.remove(3).unwrap();
    assert_eq!(
        query(Some("acme")),
        [1],
        "deleted documents are never found"
    );
}

#[test]
fn locale_filter_and_fallback() {
    let index = index_with(vec![
        doc(1, "es", "Facturas", "Descarga tus facturas."),
        doc(2, "en", "Invoices", "Download your invoices."),
        doc(3, "pt-BR", "Faturas", "Baixe suas faturas."),
    ]);
    assert!(search(&index, "invoices", "es").hits.is_empty());
    let fallback = index
        .search(&SearchQuery {
            fallback_locale: Some("en"),
            ..SearchQuery::new("invoices", "es")
        })
        .unwrap();
    assert!(fallback.fallback);
    assert_eq!(ids(&fallback), [2]);
    assert_eq!(fallback.hits[0].locale, "en");
    let own = index
        .search(&SearchQuery {
            fallback_locale: Some("en"),
            ..SearchQuery::new("facturas", "es")
        })
        .unwrap();
    assert!(!own.fallback);
    assert_eq!(ids(&own), [1]);
    assert_eq!(ids(&search(&index, "faturas", "pt-BR")), [3]);
    // A locale without any article, or a fallback that also has nothing, is just empty.
    assert!(search(&index, "facturas", "fr").hits.is_empty());
    let nothing = index
        .search(&SearchQuery {
            fallback_locale: Some("en"),
            ..SearchQuery::new("zzzz", "es")
        })
        .unwrap();
    assert!(!nothing.fallback && nothing.total == 0);
    let bad = index.search(&SearchQuery::new("x", "ES_es")).unwrap_err();
    assert!(bad.is_user_error());
    let bad_fallback = index
        .search(&SearchQuery {
            fallback_locale: Some("../x"),
            ..SearchQuery::new("x", "es")
        })
        .unwrap_err();
    assert!(bad_fallback.is_user_error());
}

#[test]
fn hostile_queries_are_plain_text() {
    let index = spanish_kb();
    let long = "factura ".repeat(1300);
    let nul = "fact\0ura";
    let many_words = "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(10);
    let queries = [
        "title:x AND (",
        "*",
        "\"",
        "'",
        "\"factura",
        "🎉🔥",
        "facturas 🎉",
        &long,
        nul,
        "?!¿¡.,;:-",
        "",
        " ",
        "\t\n",
        "+-&&||!(){}[]^\"~*?:\\/",
        "field:value",
        "a*",
        "OR",
        "NOT factura",
        "factura~2",
        "fact*",
        "[1 TO 5]",
        &many_words,
        "\u{feff}",
        "\u{301}",
        "é\u{301}\u{301}",
    ];
    for text in queries {
        let started = Instant::now();
        let results = index.search(&SearchQuery::new(text, "es"));
        let results = results.unwrap_or_else(|e| panic!("{text:?} failed: {e}"));
        assert!(results.hits.len() <= 10, "{text:?}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{text:?} took {:?}",
            started.elapsed()
        );
    }
    // Extreme paging is clamped, not an error.
    let paged = index
        .search(&SearchQuery {
            limit: usize::MAX,
            offset: usize::MAX,
            ..SearchQuery::new("factura", "es")
        })
        .unwrap();
    assert!(paged.hits.is_empty() && paged.total > 0);
    let counts_only = index
        .search(&SearchQuery {
            limit: 0,
            ..SearchQuery::new("factura", "es")
        })
        .unwrap();
    assert!(counts_only.hits.is_empty() && counts_only.total > 0);
}

#[test]
fn pagination_is_consistent() {
    let docs = (1..=25)
        .map(|id| {
            doc(
                id,
                "en",
                &format!("Invoice guide {id}"),
                "All about invoices.",
            )
        })
        .collect();
    let index = index_with(docs);
    let page = |offset| {
        index
            .search(&SearchQuery {
                limit: 10,
                offset,
                ..SearchQuery::new("invoice", "en")
            })
            .unwrap()
    };
    let (first, second, third) = (page(0), page(10), page(20));
    assert_eq!((first.total, second.total, third.total), (25, 25, 25));
    let mut all: Vec<i64> = [first, second, third].iter().flat_map(ids).collect();
    assert_eq!(all.len(), 25);
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 25, "no hit appears on two pages");
}

#[test]
fn popularity_breaks_ties_only() {
    let index = index_with(vec![
        IndexDoc {
            popularity: 0.0,
            ..doc(1, "en", "Refunds", "How refunds work.")
        },
        IndexDoc {
            popularity: 40.0,
            ..doc(2, "en", "Refunds", "How refunds work.")
        },
        IndexDoc {
            popularity: 1000.0,
            ..doc(3, "en", "Orders", "Refunds are listed under orders.")
        },
        IndexDoc {
            popularity: f32::NAN,
            ..doc(4, "en", "Other", "Nothing relevant.")
        },
    ]);
    assert_eq!(ids(&search(&index, "refunds", "en")), [2, 1, 3]);
}

#[test]
fn writes_are_visible_immediately() {
    let index = english_kb();
    assert_eq!(index.num_docs(), 3);
    index
        .upsert(doc(
            1,
            "en",
            "Change your email",
            "Update the email address of your account.",
        ))
        .unwrap();
    assert_eq!(index.num_docs(), 3, "upsert replaces by id");
    assert!(
        search(&index, "password", "en")
            .hits
            .iter()
            .all(|hit| hit.id != 1)
    );
    assert_eq!(ids(&search(&index, "email", "en")), [1]);

    // Moving an article to another locale removes it from the old one.
    index
        .upsert(doc(
            1,
            "es",
            "Cambiar tu correo",
            "Actualiza el correo de tu cuenta.",
        ))
        .unwrap();
    assert!(search(&index, "email", "en").hits.is_empty());
    assert_eq!(ids(&search(&index, "correo", "es")), [1]);
    assert_eq!(index.num_docs(), 3);

    index.remove(1).unwrap();
    assert!(search(&index, "correo", "es").hits.is_empty());
    assert_eq!(index.num_docs(), 2);
    index.remove(12345).unwrap();

    // The last of duplicate ids in one batch wins.
    index
        .upsert_many([
            doc(7, "en", "First", "alpha"),
            doc(7, "en", "Second", "beta"),
        ])
        .unwrap();
    assert!(search(&index, "alpha", "en").hits.is_empty());
    assert_eq!(ids(&search(&index, "beta", "en")), [7]);

    // An invalid document rejects the whole batch.
    let error = index
        .upsert_many([doc(8, "en", "Fine", "gamma"), doc(9, "EN", "Bad", "gamma")])
        .unwrap_err();
    assert!(error.is_user_error());
    assert!(search(&index, "gamma", "en").hits.is_empty());

    index
        .replace_all([doc(20, "en", "Only one", "delta")])
        .unwrap();
    assert_eq!(index.num_docs(), 1);
    assert_eq!(ids(&search(&index, "delta", "en")), [20]);
    assert!(search(&index, "beta", "en").hits.is_empty());
    assert_eq!(index.locales(), ["en", "es"]);
}

#[test]
fn snippets_are_escaped_with_marks_only_around_matches() {
    let body = "Never paste <script>alert('x')</script> into a field & expect an invoice to work.";
    let index = index_with(vec![doc(1, "en", "Invoice <b>safety</b>", body)]);
    let hit = &search(&index, "invoice script", "en").hits[0];
    assert!(!hit.snippet.contains("<script"), "{}", hit.snippet);
    assert!(
        hit.snippet
            .contains("&lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt;"),
        "{}",
        hit.snippet
    );
    assert!(hit.snippet.contains("&amp;"), "{}", hit.snippet);
    assert!(
        hit.snippet.contains("<mark>invoice</mark>"),
        "{}",
        hit.snippet
    );
    let without_marks = hit.snippet.replace("<mark>", "").replace("</mark>", "");
    assert!(!without_marks.contains('<'), "{}", hit.snippet);
    assert_eq!(
        hit.title_html,
        "<mark>Invoice</mark> &lt;b&gt;safety&lt;/b&gt;"
    );
    assert_eq!(hit.title, "Invoice <b>safety</b>");
}

#[test]
fn snippet_shows_prefix_and_typo_matches_or_falls_back_to_summary() {
    let long_body = format!(
        "{} The payment was refunded yesterday. {}",
        "Filler text here. ".repeat(20),
        "More filler. ".repeat(20)
    );
    let index = index_with(vec![IndexDoc {
        summary: "A <summary>".into(),
        ..doc(1, "en", "Refund policy", &long_body)
    }]);
    let typing = &search(&index, "refun", "en").hits[0];
    assert!(
        typing.snippet.contains("<mark>refunded</mark>"),
        "{}",
        typing.snippet
    );
    assert!(
        typing.snippet.starts_with('…') && typing.snippet.ends_with('…'),
        "{}",
        typing.snippet
    );
    assert!(
        typing.snippet.len() < SNIPPET_BYTES + 80,
        "{}",
        typing.snippet
    );
    let typo = &search(&index, "paymnet ", "en").hits[0];
    assert!(
        typo.snippet.contains("<mark>payment</mark>"),
        "{}",
        typo.snippet
    );
    let title_only = &search(&index, "policy ", "en").hits[0];
    assert_eq!(title_only.snippet, "A &lt;summary&gt;");
}

#[test]
fn open_detects_missing_corrupt_and_outdated_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");

    // Missing: created empty, rebuild requested.
    let (index, rebuild) = SearchIndex::open(&path).unwrap();
    assert!(rebuild);
    index
        .upsert_many([
            doc(1, "es", "Facturas", "Descarga tus facturas."),
            doc(2, "en", "Invoices", "x"),
        ])
        .unwrap();
    drop(index);

    // Healthy: reopened with its content.
    let (index, rebuild) = SearchIndex::open(&path).unwrap();
    assert!(!rebuild);
    assert_eq!(index.num_docs(), 2);
    assert_eq!(ids(&search(&index, "facturas", "es")), [1]);
    index.upsert(doc(3, "es", "Más", "otra")).unwrap();
    drop(index);

    // Outdated schema version: recreated empty.
    fs::write(path.join(VERSION_FILE), "0\n").unwrap();
    fs::write(path.join("operator-notes.txt"), "keep me").unwrap();
    let (index, rebuild) = SearchIndex::open(&path).unwrap();
    assert!(rebuild);
    assert_eq!(index.num_docs(), 0);
    assert!(
        path.join("operator-notes.txt").exists(),
        "unrelated files are left alone"
    );
    index
        .upsert(doc(1, "es", "Facturas", "Descarga tus facturas."))
        .unwrap();
    drop(index);

    // Corrupt meta.json: recreated empty.
    fs::write(path.join("es").join("meta.json"), "{ this is not json").unwrap();
    let (index, rebuild) = SearchIndex::open(&path).unwrap();
    assert!(rebuild);
    assert_eq!(index.num_docs(), 0);
    index
        .upsert(doc(1, "es", "Facturas", "Descarga tus facturas."))
        .unwrap();
    assert_eq!(ids(&search(&index, "facturas", "es")), [1]);
    drop(index);

    // A damaged segment file: recreated empty.
    let segment_file = fs::read_dir(path.join("es"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|file| file.extension().is_some_and(|ext| ext == "term"))
        .unwrap();
    let mut bytes = fs::read(&segment_file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xFF;
    fs::write(&segment_file, bytes).unwrap();
    let (index, rebuild) = SearchIndex::open(&path).unwrap();
    assert!(rebuild);
    assert_eq!(index.num_docs(), 0);
    index
        .upsert(doc(1, "es", "Facturas", "Descarga tus facturas."))
        .unwrap();
    drop(index);

    // Missing version file: rebuilt.
    fs::remove_file(path.join(VERSION_FILE)).unwrap();
    let (index, rebuild) = SearchIndex::open(&path).unwrap();
    assert!(rebuild);
    assert_eq!(index.num_docs(), 0);
    drop(index);
    let (_, rebuild) = SearchIndex::open(&path).unwrap();
    assert!(!rebuild);
}

#[test]
fn concurrent_searches_during_writes() {
    let index = Arc::new(english_kb());
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let index = Arc::clone(&index);
            std::thread::spawn(move || {
                for _ in 0..50 {
                    let results = index.search(&SearchQuery::new("password", "en")).unwrap();
                    assert!(!results.hits.is_empty());
                }
            })
        })
        .collect();
    for id in 100..120 {
        index
            .upsert(doc(id, "en", "Password tips", "Use a long password."))
            .unwrap();
    }
    for reader in readers {
        reader.join().unwrap();
    }
    assert_eq!(index.num_docs(), 23);
}

mod corpus {
    //! Checks on the real Adobe Commerce knowledge base (skipped when it is absent).

    use super::*;
    use crate::test_corpus;

    /// All corpus articles of both locales as index documents, or `None` when absent.
    pub(super) fn corpus_docs() -> Option<Vec<IndexDoc>> {
        let mut docs = Vec::new();
        for locale in ["en", "es"] {
            for path in test_corpus::markdown_files(locale)? {
                let source = fs::read_to_string(&path).ok()?;
                let file = crate::frontmatter::parse(&source);
                let rendered = markdown::render(&file.body);
                let title = file
                    .front
                    .title
                    .clone()
                    .or_else(|| crate::frontmatter::title_from_body(&file.body))
                    .unwrap_or_default();
                let slug = path.file_stem()?.to_string_lossy().into_owned();
                docs.push(IndexDoc {
                    id: docs.len() as i64 + 1,
                    slug,
                    locale: locale.to_owned(),
                    title,
                    text: rendered.text,
                    summary: rendered.summary,
                    tags: Vec::new(),
                    sites: Vec::new(),
                    popularity: 0.0,
                });
            }
        }
        Some(docs)
    }

    /// Queries chosen by reading the corpus, with the slug of the article a user means.
    const EXPECTATIONS: &[(&str, &str, &str)] = &[
        (
            "en",
            "site down troubleshooter",
            "magento-site-down-troubleshooter",
        ),
        (
            "en",
            "max_allowed_packet",
            "database-errors-related-to-max-allowed-packet-on-magento",
        ),
        (
            "en",
            "area code is not set",
            "area-code-is-not-set-error-when-running-setup-upgrade",
        ),
        (
            "en",
            "fastly 503 error rep",
            "display-magento-error-report-number-instead-of-fastly-503-error-on-cloud",
        ),
        (
            "en",
            "profile databse queries",
            "how-to-profile-database-queries-on-cloud",
        ),
        // Missing accents.
        (
            "es",
            "preguntas facturacion",
            "billing-faq-for-adobe-commerce",
        ),
        (
            "es",
            "validar numero de iva",
            "unable-to-validate-vat-number-magento-commerce-cloud",
        ),
        // A transposition typo in "seguridad".
        ("es", "copia de seguirdad", "backup-snapshot-on-cloud-faq"),
        (
            "es",
            "cambiar contraseña admin",
            "change-magento-admin-password-on-cloud",
        ),
        // Still typing the last word.
        ("es", "sitio de la nube lent", "cloud-site-is-slow"),
    ];

    #[test]
    fn expected_articles_are_in_the_top_three() {
        let Some(docs) = corpus_docs() else { return };
        let index = SearchIndex::in_ram().unwrap();
        index.replace_all(docs).unwrap();
        let mut failures = Vec::new();
        for (locale, text, expected_slug) in EXPECTATIONS {
            let results = index.search(&SearchQuery::new(text, locale)).unwrap();
            let top: Vec<&str> = results
                .hits
                .iter()
                .take(3)
                .map(|hit| hit.slug.as_str())
                .collect();
            if !top.contains(expected_slug) {
                failures.push(format!(
                    "{locale} {text:?}: expected {expected_slug}, got {top:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }
}

mod latency {
    //! A rough latency measurement on ~10k real articles; run it optimised:
    //! `cargo test -p ayuda-kb --release -- --ignored --nocapture search_latency`.

    use super::*;

    #[test]
    #[ignore = "timing, run with --release"]
    fn search_latency_on_ten_thousand_articles() {
        let Some(corpus) = corpus::corpus_docs() else {
            return;
        };
        // The corpus has ~2,400 articles; it is repeated (with new ids) to reach the target
        // size, 10,000 unless `AYUDA_BENCH_DOCS` says otherwise.
        let target: usize = std::env::var("AYUDA_BENCH_DOCS")
            .ok()
            .and_then(|value| value.parse().ok())
            .unwrap_or(10_000);
        let copies = target.div_ceil(corpus.len()).max(1);
        let mut docs = Vec::with_capacity(corpus.len() * copies);
        for copy in 0..copies {
            for article in &corpus {
                let mut article = article.clone();
                article.id += (copy * corpus.len()) as i64;
                article.popularity = (article.id % 17) as f32;
                docs.push(article);
            }
        }
        let count = docs.len();
        let started = Instant::now();
        let index = SearchIndex::in_ram().unwrap();
        index.replace_all(docs).unwrap();
        eprintln!("indexed {count} articles in {:?}", started.elapsed());

        // Every keystroke of a few realistic queries, as a search-as-you-type widget sends them.
        let typed = [
            ("en", "how to reset admin password"),
            ("en", "fastly 503 error"),
            ("en", "max_allowed_packet"),
            ("en", "elasticsearch indexer stuck"),
            ("en", "pasword reset email not sent"),
            ("es", "cambiar contraseña de administrador"),
            ("es", "copia de seguirdad en la nube"),
            ("es", "facturacion preguntas frecuentes"),
            ("es", "el sitio esta lento"),
        ];
        let mut requests: Vec<(&str, String)> = Vec::new();
        for (locale, text) in typed {
            for (end, _) in text.char_indices().skip(1) {
                requests.push((locale, text[..end].to_owned()));
            }
            requests.push((locale, text.to_owned()));
        }
        let rounds = 7;
        let mut cold = Vec::with_capacity(requests.len());
        let mut warm = Vec::with_capacity(requests.len() * rounds);
        let mut best = vec![Duration::MAX; requests.len()];
        for round in 0..=rounds {
            for (i, (locale, text)) in requests.iter().enumerate() {
                let started = Instant::now();
                let results = index.search(&SearchQuery::new(text, locale)).unwrap();
                let elapsed = started.elapsed();
                std::hint::black_box(results);
                if round == 0 {
                    cold.push(elapsed);
                } else {
                    warm.push(elapsed);
                    best[i] = best[i].min(elapsed);
                }
            }
        }
        let report = |name: &str, mut samples: Vec<Duration>| {
            samples.sort();
            let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize];
            eprintln!(
                "{name}: {} searches, p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
                samples.len(),
                at(0.5),
                at(0.9),
                at(0.99),
                at(1.0)
            );
        };
        report("first pass (expansion cache cold)", cold);
        // On a shared machine, the best of the warm rounds per request filters out the noise
        // of other processes.
        report("best of warm rounds per request", best);
        report("repeat passes (expansion cache warm)", warm);
    }
}

#[test]
fn pages_over_several_segments_are_one_ranking() {
    // One write per article: one segment each (no bulk merge), votes on some.
    let index = SearchIndex::in_ram().unwrap();
    for id in 1..=24 {
        let words = "factura ".repeat(1 + (id as usize % 5));
        index
            .upsert(IndexDoc {
                popularity: (id % 4) as f32 * 10.0,
                ..doc(
                    id,
                    "es",
                    &format!("Artículo {id}"),
                    &format!("{words} pago"),
                )
            })
            .unwrap();
    }
    let page = |offset, limit| {
        index
            .search(&SearchQuery {
                offset,
                limit,
                ..SearchQuery::new("factura pago", "es")
            })
            .unwrap()
    };
    let whole = page(0, 24);
    assert_eq!(whole.total, 24);
    assert_eq!(whole.hits.len(), 24);
    let scores: Vec<f32> = whole.hits.iter().map(|hit| hit.score).collect();
    assert!(
        scores.windows(2).all(|pair| pair[0] >= pair[1]),
        "{scores:?}"
    );
    let mut paged = Vec::new();
    for offset in (0..24).step_by(5) {
        let results = page(offset, 5);
        assert_eq!(results.total, 24);
        paged.extend(ids(&results));
    }
    assert_eq!(paged, ids(&whole));
    let counts_only = page(0, 0);
    assert_eq!((counts_only.total, counts_only.hits.len()), (24, 0));
}

#[test]
fn bulk_writes_leave_one_segment() {
    let segments = |index: &SearchIndex| {
        index.read_locales()["es"]
            .reader
            .searcher()
            .segment_readers()
            .len()
    };
    let index = SearchIndex::in_ram().unwrap();
    for id in 1..=3 {
        index
            .upsert(doc(id, "es", &format!("Artículo {id}"), "texto"))
            .unwrap();
    }
    assert!(segments(&index) > 1);
    index
        .upsert_many((10..130).map(|id| doc(id, "es", &format!("Artículo {id}"), "texto")))
        .unwrap();
    assert_eq!(segments(&index), 1);
    assert_eq!(search(&index, "texto", "es").total, 123);
    index
        .replace_all((1..150).map(|id| doc(id, "es", &format!("Artículo {id}"), "texto")))
        .unwrap();
    assert_eq!(segments(&index), 1);
    assert_eq!(search(&index, "texto", "es").total, 149);
}
