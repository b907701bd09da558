//! `ayuda import` / `ayuda export` as a library: the sample knowledge base, idempotency,
//! round trips, and files that cannot be imported.

use ayuda_server::import::{export_dir, import_dir};

use crate::helpers::{examples_kb, spawn_app};

fn count_md(dir: &std::path::Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += count_md(&path);
        } else if path.extension().is_some_and(|e| e == "md")
            && path.file_name().is_some_and(|n| n != "README.md")
        {
            n += 1;
        }
    }
    n
}

#[tokio::test]
async fn sample_kb_imports_idempotently_and_round_trips() {
    let app = spawn_app().await;
    let kb = examples_kb();
    let files = count_md(&kb.join("es")) + count_md(&kb.join("en"));
    assert!(
        files >= 60,
        "the sample KB has at least 30 articles per locale"
    );
    let first = import_dir(&app.store, &kb, "es", false).await.unwrap();
    // README.md describes the folder and is not imported.
    assert_eq!(first.added, files, "{first}");
    assert!(first.skipped.is_empty(), "{first}");
    let again = import_dir(&app.store, &kb, "es", false).await.unwrap();
    assert_eq!((again.added, again.updated), (0, 0), "{again}");
    assert_eq!(again.unchanged, first.added);

    // Spanish and English versions are linked by translation_key.
    let all = app.store.all_articles().await.unwrap();
    let es = all
        .iter()
        .find(|a| a.locale == "es" && a.status == "published")
        .unwrap();
    let translations = app.store.translations(&es.translation_key).await.unwrap();
    assert!(
        translations.iter().any(|(l, _)| l == "en"),
        "{translations:?}"
    );
    assert!(
        all.iter().any(|a| a.status == "draft"),
        "drafts stay drafts"
    );

    // The sample contexts drive suggestions: the most specific article first.
    let (_, body) = app
        .get_json("/api/v1/sites/demo/suggest?url=/invoices/new&route=invoices.new&locale=es")
        .await;
    assert_eq!(body["articles"][0]["slug"], "crear-una-factura", "{body}");
    let (_, body) = app
        .get_json("/api/v1/sites/demo/suggest?url=/settings/security&locale=en")
        .await;
    assert_eq!(body["articles"][0]["reason"], "context", "{body}");
    // The running server picks the import up from the change log.
    let mut top = String::new();
    for _ in 0..40 {
        top = app
            .search("crear factura", "es")
            .await
            .first()
            .map(|h| h.0.clone())
            .unwrap_or_default();
        if !top.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(top, "crear-una-factura");

    // Export, then import the export into the same database: nothing changes.
    let out = tempfile::tempdir().unwrap();
    let exported = export_dir(&app.store, out.path()).await.unwrap();
    assert_eq!(exported, all.len());
    let round = import_dir(&app.store, out.path(), "es", false)
        .await
        .unwrap();
    assert_eq!(
        (round.added, round.updated, round.unchanged),
        (0, 0, all.len()),
        "{round}"
    );
}

#[tokio::test]
async fn changed_and_broken_files() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let es = dir.path().join("es");
    std::fs::create_dir_all(es.join("sub")).unwrap();
    std::fs::write(
        es.join("uno.md"),
        "---\ntitle: Uno\ntags: [a, b]\n---\nCuerpo uno.\n",
    )
    .unwrap();
    std::fs::write(
        es.join("sub/uno.md"),
        "---\ntitle: Otro uno\n---\nMismo nombre de archivo.\n",
    )
    .unwrap();
    std::fs::write(es.join("sin-titulo.md"), "solo texto, sin título\n").unwrap();
    std::fs::write(
        es.join("con-h1.md"),
        "# Título del cuerpo {#ancla}\n\nTexto.\n",
    )
    .unwrap();
    std::fs::write(
        es.join("mal-estado.md"),
        "---\ntitle: X\nstatus: urgente\n---\n",
    )
    .unwrap();
    std::fs::write(es.join("binario.md"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    std::fs::write(
        es.join("yaml-roto.md"),
        "---\ntitle: Dos puntos: en el título\ntags: [sin cerrar\n---\nCuerpo.\n",
    )
    .unwrap();
    let summary = import_dir(&app.store, dir.path(), "en", false)
        .await
        .unwrap();
    assert_eq!(summary.added, 4, "{summary}");
    assert_eq!(summary.skipped.len(), 3, "{summary}");
    let reasons = summary.to_string();
    assert!(
        reasons.contains("sin-titulo.md")
            && reasons.contains("mal-estado.md")
            && reasons.contains("binario.md"),
        "{reasons}"
    );
    // Same file names in different folders both survive.
    assert!(
        app.store
            .article_by_slug("uno", "es")
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        app.store
            .article_by_slug("sub-uno", "es")
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        app.store
            .article_by_slug("con-h1", "es")
            .await
            .unwrap()
            .unwrap()
            .content
            .title,
        "Título del cuerpo"
    );

    // Edit one file: one update, a new version, the rest unchanged.
    std::fs::write(
        es.join("uno.md"),
        "---\ntitle: Uno (editado)\ntags: [a, b]\n---\nCuerpo uno.\n",
    )
    .unwrap();
    let summary = import_dir(&app.store, dir.path(), "en", false)
        .await
        .unwrap();
    assert_eq!(
        (summary.added, summary.updated, summary.unchanged),
        (0, 1, 3),
        "{summary}"
    );
    let uno = app
        .store
        .article_by_slug("uno", "es")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((uno.current_version, uno.published_version), (2, Some(2)));
    // Marking it draft takes it off the public side.
    std::fs::write(
        es.join("uno.md"),
        "---\ntitle: Uno (editado)\ntags: [a, b]\nstatus: draft\n---\nCuerpo uno.\n",
    )
    .unwrap();
    import_dir(&app.store, dir.path(), "en", false)
        .await
        .unwrap();
    assert!(app.store.published("uno", "es").await.unwrap().is_none());

    assert!(
        import_dir(&app.store, &dir.path().join("missing"), "en", false)
            .await
            .is_err()
    );
}
