//! The real help-center corpus (`../shared/corpora/adobe-commerce-kb`, ~1,200 articles per
//! locale): every article imports, and real questions find the right article in the top 3.

use ayuda_server::import::import_dir;

use crate::helpers::{Db, corpus_dir, spawn_with};

fn count_md(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        count_md(&p)
                    } else {
                        usize::from(p.extension().is_some_and(|x| x == "md"))
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_corpus_imports_whole_and_searches_well() {
    let Some(corpus) = corpus_dir() else {
        eprintln!("skipped: ../shared/corpora/adobe-commerce-kb is not beside this checkout");
        return;
    };
    // Every Markdown file below the corpus root counts (LICENSE.md included: it is a page too).
    let files = count_md(&corpus);
    assert!(count_md(&corpus.join("en")) > 1000 && count_md(&corpus.join("es")) > 1000);
    let corpus_for_import = corpus.clone();
    let app = spawn_with(Db::Sqlite, move |store| async move {
        let summary = import_dir(&store, &corpus_for_import, "en", false)
            .await
            .expect("import");
        assert!(summary.skipped.is_empty(), "{summary}");
        assert_eq!(summary.added, files, "no article lost: {summary}");
        // A second run changes nothing.
        let again = import_dir(&store, &corpus_for_import, "en", false)
            .await
            .expect("re-import");
        assert_eq!(again.unchanged, files, "{again}");
    })
    .await
    .expect("sqlite");
    assert_eq!(
        app.store.published_locales().await.unwrap(),
        vec!["en".to_owned(), "es".to_owned()]
    );

    // (query, locale, expected slug in the top 3). Slugs are the corpus file names.
    let cases = [
        (
            "redis memory critical alert",
            "en",
            "managed-alerts-on-magento-commerce-redis-memory-critical-alert",
        ),
        ("log4j vulnerability", "en", "apache-log4j2-adobe-commerce"),
        (
            "switch to opensearch",
            "en",
            "switching-to-opensearch-for-adobe-commerce-on-cloud-2-4-4",
        ),
        (
            "ssl tls certificate requirements",
            "en",
            "magento-ssl-tls-certificate-requirements-and-clean-up",
        ),
        (
            "blackfire acces removal",
            "en",
            "blackfire-access-removal-for-magento-commerce-cloud",
        ),
        (
            "alerta critica de memoria",
            "es",
            "managed-alerts-on-magento-commerce-redis-memory-critical-alert",
        ),
        (
            "eliminacion acceso blackfire",
            "es",
            "blackfire-access-removal-for-magento-commerce-cloud",
        ),
        (
            "certificado ssl tls",
            "es",
            "magento-ssl-tls-certificate-requirements-and-clean-up",
        ),
        ("vulnerabilidad log4j", "es", "apache-log4j2-adobe-commerce"),
        (
            "cambio a opensearch",
            "es",
            "switching-to-opensearch-for-adobe-commerce-on-cloud-2-4-4",
        ),
    ];
    let mut failures = Vec::new();
    for (query, locale, expected) in cases {
        let hits = app.search(query, locale).await;
        let top3: Vec<&str> = hits.iter().take(3).map(|(slug, _)| slug.as_str()).collect();
        if !top3.contains(&expected) {
            failures.push(format!(
                "{query:?} ({locale}): expected {expected}, got {top3:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
