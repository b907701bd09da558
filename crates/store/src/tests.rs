//! The store test suite, run against SQLite and (when configured) PostgreSQL.

use crate::testing::{POSTGRES_ENV, fresh_postgres_url};
use crate::{
    ArticleFilter, Backend, Content, Error, Filing, MessageEffects, NewArticleRow, NewMessage,
    NewTicket, SaveMode, SearchLogRow, SlaFields, Store, sqlite_url_in,
};
use ayuda_api::{Author, Level, Rating, Status, Tier};

fn content(title: &str) -> Content {
    Content {
        title: title.to_owned(),
        body: format!("Body of {title}"),
        tags: vec!["billing".into()],
        contexts: vec!["/billing/*".into()],
    }
}

fn new_article(slug: &str, locale: &str, status: &str) -> NewArticleRow {
    NewArticleRow {
        slug: slug.to_owned(),
        locale: locale.to_owned(),
        translation_key: slug.to_owned(),
        status: status.to_owned(),
        sites: vec![],
        author: Some("ed@example.com".into()),
        content: content(slug),
    }
}

async fn articles_and_versions(store: Store) {
    let a = store
        .create_article(&new_article("pay", "en", "published"))
        .await
        .unwrap();
    assert_eq!((a.current_version, a.published_version), (1, Some(1)));
    assert_eq!(a.content.tags, vec!["billing".to_owned()]);

    // Same slug in another locale is fine, in the same locale it is a conflict.
    store
        .create_article(&new_article("pay", "es", "draft"))
        .await
        .unwrap();
    let dup = store
        .create_article(&new_article("pay", "en", "draft"))
        .await;
    assert!(matches!(dup, Err(Error::Conflict(_))), "{dup:?}");

    // Saving a published article keeps it live with the new version.
    let b = store
        .save_version(
            a.id,
            &content("pay v2"),
            None,
            None,
            None,
            SaveMode::Keep,
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!((b.current_version, b.published_version), (2, Some(2)));
    // A draft save leaves version 2 live.
    let c = store
        .save_version(
            a.id,
            &content("pay v3"),
            None,
            None,
            None,
            SaveMode::Draft,
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        (c.current_version, c.published_version, c.status.as_str()),
        (3, Some(2), "published")
    );
    let live = store.published("pay", "en").await.unwrap().unwrap();
    assert_eq!(live.content.title, "pay v2");

    // Restoring an older version by publishing it.
    let d = store.publish(a.id, Some(1)).await.unwrap();
    assert_eq!(d.published_version, Some(1));
    assert!(matches!(
        store.publish(a.id, Some(99)).await,
        Err(Error::NotFound(_))
    ));
    let versions = store.versions(a.id).await.unwrap();
    assert_eq!(
        versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        vec![3, 2, 1]
    );

    store.unpublish(a.id).await.unwrap();
    assert!(store.published("pay", "en").await.unwrap().is_none());
    assert!(store.all_published().await.unwrap().is_empty());

    let (page, total) = store
        .list_articles(&ArticleFilter {
            locale: Some("en".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((page.len(), total), (1, 1));
    let (page, total) = store
        .list_articles(&ArticleFilter {
            text: Some("PAY V3".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((page.len(), total), (1, 1));

    // Slug rename to a taken slug is a conflict and changes nothing.
    let other = store
        .create_article(&new_article("refund", "en", "published"))
        .await
        .unwrap();
    let clash = store
        .save_version(
            other.id,
            &content("x"),
            Some("pay"),
            None,
            None,
            SaveMode::Keep,
            None,
            None,
        )
        .await;
    assert!(matches!(clash, Err(Error::Conflict(_))), "{clash:?}");
    assert_eq!(
        store
            .article(other.id)
            .await
            .unwrap()
            .unwrap()
            .current_version,
        1
    );

    store.delete_article(other.id).await.unwrap();
    assert!(store.article(other.id).await.unwrap().is_none());
    assert!(matches!(
        store.delete_article(other.id).await,
        Err(Error::NotFound(_))
    ));

    // Every mutation is in the change log, in order.
    let (ids, last) = store.changes_since(0, 100).await.unwrap();
    assert!(ids.contains(&a.id) && ids.contains(&other.id));
    assert_eq!(last, store.last_change_seq().await.unwrap());
}

async fn votes_views_and_translations(store: Store) {
    let en = store
        .create_article(&new_article("invoice", "en", "published"))
        .await
        .unwrap();
    let mut es = new_article("factura", "es", "published");
    es.translation_key = "invoice".into();
    store.create_article(&es).await.unwrap();
    assert_eq!(
        store.translations("invoice").await.unwrap(),
        vec![
            ("en".to_owned(), "invoice".to_owned()),
            ("es".to_owned(), "factura".to_owned())
        ]
    );
    assert_eq!(store.vote(en.id, "v1", true).await.unwrap(), (1, 0));
    assert_eq!(store.vote(en.id, "v2", false).await.unwrap(), (1, 1));
    // A visitor changing their mind replaces their vote.
    assert_eq!(store.vote(en.id, "v2", true).await.unwrap(), (2, 0));
    store.add_view(en.id).await.unwrap();
    let row = store.article(en.id).await.unwrap().unwrap();
    assert_eq!((row.views, row.helpful, row.not_helpful), (1, 2, 0));
    let popular = store.popular("en", 5).await.unwrap();
    assert_eq!(popular[0].id, en.id);
    assert_eq!(
        store.published_locales().await.unwrap(),
        vec!["en".to_owned(), "es".to_owned()]
    );
    assert_eq!(store.published_with_contexts("es").await.unwrap().len(), 1);
}

async fn users_sites_and_credentials(store: Store) {
    store.ensure_demo_site().await.unwrap();
    store.ensure_demo_site().await.unwrap();
    let demo = store.site("demo").await.unwrap().unwrap();
    assert!(
        demo.allowed_origins
            .contains(&"http://localhost:*".to_owned())
    );
    assert_eq!(demo.secret.len(), 64);
    let site = store
        .upsert_site(
            "shop",
            "Shop",
            &["https://shop.example".into()],
            "en",
            "#000000",
        )
        .await
        .unwrap();
    let again = store
        .upsert_site("shop", "Shop 2", &[], "es", "#ffffff")
        .await
        .unwrap();
    assert_eq!(
        site.secret, again.secret,
        "updating a site keeps its secret"
    );
    assert_eq!(store.sites().await.unwrap().len(), 2);

    let user = store
        .create_user("Ed@Example.com ", "hash", "editor")
        .await
        .unwrap();
    assert_eq!(user.email, "ed@example.com");
    assert!(matches!(
        store.create_user("ed@example.com", "h", "admin").await,
        Err(Error::Conflict(_))
    ));
    store
        .create_credential(
            user.id,
            crate::CredentialKind::Session,
            "login",
            "h1",
            Some(crate::now_ms() + 60_000),
        )
        .await
        .unwrap();
    store
        .create_credential(
            user.id,
            crate::CredentialKind::Session,
            "old",
            "h2",
            Some(crate::now_ms() - 1),
        )
        .await
        .unwrap();
    assert_eq!(
        store.user_by_credential("h1").await.unwrap().unwrap().id,
        user.id
    );
    assert!(
        store.user_by_credential("h2").await.unwrap().is_none(),
        "expired"
    );
    assert!(store.user_by_credential("nope").await.unwrap().is_none());
    let token = store
        .create_credential(user.id, crate::CredentialKind::ApiToken, "ci", "h3", None)
        .await
        .unwrap();
    assert_eq!(store.api_tokens(user.id).await.unwrap().len(), 1);
    assert!(store.delete_api_token(user.id, token.id).await.unwrap());
    assert!(store.user_by_credential("h3").await.unwrap().is_none());
    // Changing the password signs out every session.
    store
        .update_user("ed@example.com", "hash2", "admin")
        .await
        .unwrap();
    assert!(store.user_by_credential("h1").await.unwrap().is_none());

    // Console sessions: listed with bearer logins, ended by idleness, ended all at once.
    let console = store
        .create_credential(
            user.id,
            crate::CredentialKind::Console,
            "Firefox",
            "c1",
            Some(crate::now_ms() + 60_000),
        )
        .await
        .unwrap();
    let (_, found) = store.credential("c1", Some(60_000)).await.unwrap().unwrap();
    assert_eq!(
        (found.id, found.kind, found.name.as_str()),
        (console.id, crate::CredentialKind::Console, "Firefox")
    );
    store
        .create_credential(
            user.id,
            crate::CredentialKind::Session,
            "login",
            "s1",
            Some(crate::now_ms() + 60_000),
        )
        .await
        .unwrap();
    let listed = store.sessions(user.id).await.unwrap();
    assert_eq!(listed.len(), 2);
    // Unused for longer than the idle limit: gone, and stays gone.
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    assert!(store.credential("c1", Some(5)).await.unwrap().is_none());
    assert!(store.credential("c1", None).await.unwrap().is_none());
    // The idle limit applies to console sessions only.
    assert!(store.credential("s1", Some(5)).await.unwrap().is_some());
    assert_eq!(store.delete_sessions(user.id).await.unwrap(), 1);
    assert!(store.sessions(user.id).await.unwrap().is_empty());
}

async fn search_log(store: Store) {
    let now = crate::now_ms();
    let rows: Vec<SearchLogRow> = ["factura", "factura", "xyz"]
        .iter()
        .map(|q| SearchLogRow {
            site: "demo".into(),
            locale: "es".into(),
            query: (*q).into(),
            result_count: i64::from(*q != "xyz"),
            created_at: now,
        })
        .collect();
    store.log_searches(&rows).await.unwrap();
    let stats = store.search_stats("demo", 0, false, 10).await.unwrap();
    assert_eq!((stats[0].query.as_str(), stats[0].count), ("factura", 2));
    let gaps = store.search_stats("demo", 0, true, 10).await.unwrap();
    assert_eq!(gaps.len(), 1);
    assert_eq!(
        (gaps[0].query.as_str(), gaps[0].zero_result_count),
        ("xyz", 1)
    );
    assert_eq!(store.recent_searches("demo", 2).await.unwrap().len(), 2);

    // A batch larger than one INSERT's rows is written whole, in order.
    let bulk: Vec<SearchLogRow> = (0..450)
        .map(|i| SearchLogRow {
            site: "bulk".into(),
            locale: "en".into(),
            query: format!("query {i}"),
            result_count: i,
            created_at: now + i,
        })
        .collect();
    store.log_searches(&bulk).await.unwrap();
    store.log_searches(&[]).await.unwrap();
    let recent = store.recent_searches("bulk", 1000).await.unwrap();
    assert_eq!(recent.len(), 450);
    assert_eq!(recent[0], bulk[449]);
    assert_eq!(recent[449], bulk[0]);
}

async fn concurrent_writers_never_fail(store: Store) {
    let a = store
        .create_article(&new_article("busy", "en", "published"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..24 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            match i % 4 {
                0 => store.publish(a.id, None).await.map(drop),
                1 => store
                    .save_version(
                        a.id,
                        &content(&format!("v{i}")),
                        None,
                        None,
                        None,
                        SaveMode::Keep,
                        None,
                        None,
                    )
                    .await
                    .map(drop),
                2 => store
                    .vote(a.id, &format!("visitor-{i}"), true)
                    .await
                    .map(drop),
                _ => {
                    store
                        .log_searches(&[SearchLogRow {
                            site: "demo".into(),
                            locale: "en".into(),
                            query: "q".into(),
                            result_count: 0,
                            created_at: 0,
                        }])
                        .await
                }
            }
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(store.versions(a.id).await.unwrap().len(), 7);
}

fn new_ticket(visitor: &str, subject: &str) -> NewTicket {
    NewTicket {
        site: "demo".into(),
        visitor_id: Some(visitor.to_owned()),
        user_id: None,
        name: "Ana".into(),
        email: "ana@example.com".into(),
        company: Some("ACME".into()),
        subject: subject.to_owned(),
        category: Some("billing".into()),
        level: Level::L2,
        tier: Tier::FirstLine,
        status: Status::New,
        group_key: None,
        assignee_id: None,
        tags: vec!["invoice".into()],
        environment: serde_json::json!({ "url": "https://app.example/billing", "locale": "es-ES" }),
        body: "I tried to pay and it failed".into(),
        channel: "widget".into(),
        locale: "es".into(),
        user_attributes: serde_json::json!({ "plan": "pro" }),
        attachments: Vec::new(),
        attachment_owner: format!("v:{visitor}"),
    }
}

fn message(kind: Author, body: &str, internal: bool) -> NewMessage {
    NewMessage {
        internal,
        ..NewMessage::text(kind, None, body)
    }
}

async fn tickets_and_messages(store: Store) {
    let t = store
        .create_ticket(&new_ticket("v1", "Payment fails"))
        .await
        .unwrap();
    assert_eq!(t.public_id.len(), 32);
    assert_eq!(
        (t.level, t.tier, t.status),
        (Level::L2, Tier::FirstLine, Status::New)
    );
    let read = store
        .ticket_by_public_id(&t.public_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read, t);
    assert_eq!(read.tags, vec!["invoice".to_owned()]);
    assert_eq!(read.environment["locale"], "es-ES");
    assert!(store.ticket_by_public_id("nope").await.unwrap().is_none());
    let other = store
        .create_ticket(&new_ticket("v1", "Other"))
        .await
        .unwrap();
    assert_ne!(other.public_id, t.public_id);

    // The first message and the `created` event came with the ticket.
    let first = store.messages_after(t.id, 0, true, 100).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].author_kind, Author::User);
    assert_eq!(first[0].author_id.as_deref(), Some("v1"));
    let events = store.ticket_events(t.id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, "created");

    // Internal notes do not count as a first response; the first public agent reply does, once.
    let note = store
        .add_message(
            t.id,
            &message(Author::Agent, "looks like a card issue", true),
        )
        .await
        .unwrap();
    assert!(note.internal);
    assert!(
        store
            .ticket(t.id)
            .await
            .unwrap()
            .unwrap()
            .first_response_at
            .is_none()
    );
    let reply = store
        .add_message(t.id, &message(Author::Agent, "Hi Ana!", false))
        .await
        .unwrap();
    let after_reply = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(after_reply.first_response_at, Some(reply.created_at));
    assert!(after_reply.updated_at >= reply.created_at);
    let script = "<script>alert('x')</script> & <b>bold</b>";
    store
        .add_message(t.id, &message(Author::User, script, false))
        .await
        .unwrap();
    store
        .add_message(t.id, &message(Author::Agent, "second reply", false))
        .await
        .unwrap();
    assert_eq!(
        store.ticket(t.id).await.unwrap().unwrap().first_response_at,
        Some(reply.created_at),
        "first_response_at is set once"
    );
    // A message to another ticket in between does not show up here.
    store
        .add_message(other.id, &message(Author::User, "elsewhere", false))
        .await
        .unwrap();

    let all = store.messages_after(t.id, 0, true, 100).await.unwrap();
    assert_eq!(all.len(), 5);
    assert!(all.windows(2).all(|w| w[0].id < w[1].id));
    assert!(all.iter().all(|m| m.ticket_id == t.id));
    assert_eq!(all[3].body, script, "text is stored verbatim");
    let public = store.messages_after(t.id, 0, false, 100).await.unwrap();
    assert_eq!(public.len(), 4);
    assert!(public.iter().all(|m| !m.internal));

    // Paging with the cursor: no gap, no duplicate.
    let mut cursor = 0;
    let mut paged = Vec::new();
    loop {
        let page = store.messages_after(t.id, cursor, true, 2).await.unwrap();
        let Some(last) = page.last() else { break };
        cursor = last.id;
        paged.extend(page);
    }
    assert_eq!(paged, all);
    assert!(
        store
            .messages_after(t.id, all[4].id, true, 10)
            .await
            .unwrap()
            .is_empty()
    );

    assert!(matches!(
        store
            .add_message(987_654, &message(Author::User, "x", false))
            .await,
        Err(Error::NotFound(_))
    ));
}

async fn ticket_status_and_lists(store: Store) {
    let a = store
        .create_ticket(&new_ticket("v1", "first"))
        .await
        .unwrap();
    let b = store
        .create_ticket(&new_ticket("v1", "second"))
        .await
        .unwrap();
    let c = store
        .create_ticket(&new_ticket("v2", "theirs"))
        .await
        .unwrap();
    let mut identified = new_ticket("v3", "as a user");
    identified.user_id = Some("u-42".into());
    let d = store.create_ticket(&identified).await.unwrap();

    let mine = store.tickets_for_visitor("demo", "v1").await.unwrap();
    assert_eq!(
        mine.iter().map(|t| t.id).collect::<Vec<_>>(),
        vec![b.id, a.id],
        "newest first, nobody else's"
    );
    assert!(
        store
            .tickets_for_visitor("other-site", "v1")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.tickets_for_visitor("demo", "v2").await.unwrap()[0].id,
        c.id
    );
    let users = store.tickets_for_user("demo", "u-42").await.unwrap();
    assert_eq!(users.iter().map(|t| t.id).collect::<Vec<_>>(), vec![d.id]);
    assert!(
        store
            .tickets_for_user("demo", "u-1")
            .await
            .unwrap()
            .is_empty()
    );

    let solved = store.set_status(a.id, Status::Solved, 1_000).await.unwrap();
    assert_eq!(
        (solved.status, solved.solved_at),
        (Status::Solved, Some(1_000))
    );
    let closed = store.set_status(a.id, Status::Closed, 2_000).await.unwrap();
    assert_eq!(
        (closed.status, closed.solved_at),
        (Status::Closed, Some(1_000))
    );
    let same = store.set_status(a.id, Status::Closed, 3_000).await.unwrap();
    assert_eq!(same.status, Status::Closed);
    let reopened = store.set_status(b.id, Status::Solved, 1_000).await.unwrap();
    assert!(reopened.solved_at.is_some());
    let reopened = store.set_status(b.id, Status::Open, 4_000).await.unwrap();
    assert_eq!((reopened.status, reopened.solved_at), (Status::Open, None));

    let events = store.ticket_events(a.id).await.unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec!["created", "status", "status"],
        "no event for no change"
    );
    assert_eq!(
        events[1].detail,
        serde_json::json!({ "from": "new", "to": "solved" })
    );
    assert_eq!(events[2].created_at, 2_000);
    assert!(matches!(
        store.set_status(987_654, Status::Open, 1).await,
        Err(Error::NotFound(_))
    ));
}

async fn concurrent_messages_are_all_kept(store: Store) {
    let t = store
        .create_ticket(&new_ticket("v1", "busy"))
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let kind = if i % 2 == 0 {
                Author::User
            } else {
                Author::Agent
            };
            store
                .add_message(t.id, &message(kind, &format!("message {i}"), false))
                .await
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().unwrap().id);
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 8, "distinct ids");
    let stored = store.messages_after(t.id, 0, true, 100).await.unwrap();
    assert_eq!(stored.len(), 9);
    assert!(stored.windows(2).all(|w| w[0].id < w[1].id));
    assert_eq!(stored[1..].iter().map(|m| m.id).collect::<Vec<_>>(), ids);
    let mut bodies: Vec<_> = stored[1..].iter().map(|m| m.body.clone()).collect();
    bodies.sort();
    assert_eq!(
        bodies,
        (0..8).map(|i| format!("message {i}")).collect::<Vec<_>>()
    );
}

/// Writes a ticket with a reply, closes the store, opens it again from `url` and reads both back.
async fn ticket_survives_reopen(url: &str) {
    let store = Store::connect(url).await.unwrap();
    let t = store
        .create_ticket(&new_ticket("v1", "durable"))
        .await
        .unwrap();
    let m = store
        .add_message(t.id, &message(Author::Agent, "on it", false))
        .await
        .unwrap();
    store.close().await;
    let store = Store::connect(url).await.unwrap();
    let again = store
        .ticket_by_public_id(&t.public_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.subject, "durable");
    let messages = store.messages_after(t.id, 0, true, 10).await.unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[1], m);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_ticket_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    ticket_survives_reopen(&sqlite_url_in(dir.path())).await;
}

#[tokio::test]
async fn postgres_ticket_survives_reopen() {
    let Some(url) = fresh_postgres_url().await.unwrap() else {
        eprintln!("skipped: set {POSTGRES_ENV} to run the PostgreSQL store tests");
        return;
    };
    ticket_survives_reopen(&url).await;
}

async fn desk_tables(store: Store) {
    use crate::{InboxFilter, NewAttachment, SlaFields, SlaFilter, TicketChanges};
    // Attachments: claimed by their owner's message only.
    let upload = |owner: &'static str| NewAttachment {
        site: "demo",
        owner,
        name: "shot.png",
        content_type: "image/png",
        sha256: "00",
        data: b"\x89PNG bytes",
    };
    let mine = store.insert_attachment(&upload("v:v1")).await.unwrap();
    let theirs = store.insert_attachment(&upload("v:v2")).await.unwrap();
    assert_eq!(store.pending_uploads("v:v1").await.unwrap(), 1);
    let mut stolen = new_ticket("v1", "Uses another visitor's upload");
    stolen.attachments = vec![theirs.public_id.clone()];
    assert!(matches!(
        store.create_ticket(&stolen).await,
        Err(Error::NotFound(_))
    ));
    let mut with_file = new_ticket("v1", "Screenshot attached");
    with_file.attachments = vec![mine.public_id.clone()];
    let t = store.create_ticket(&with_file).await.unwrap();
    let files = store.ticket_attachments(t.id).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].ticket_id, Some(t.id));
    assert_eq!(
        store
            .attachment_data(&mine.public_id)
            .await
            .unwrap()
            .unwrap(),
        b"\x89PNG bytes"
    );
    // Nothing was half-created by the refused ticket.
    assert_eq!(
        store.tickets_for_visitor("demo", "v1").await.unwrap().len(),
        1
    );

    // Unread counts and read marks.
    let reply = store
        .add_message(t.id, &message(Author::Agent, "Hola", false))
        .await
        .unwrap();
    store
        .add_message(t.id, &message(Author::Agent, "note", true))
        .await
        .unwrap();
    assert_eq!(store.unread_counts(&[t.id]).await.unwrap(), vec![(t.id, 1)]);
    store.mark_read(t.id, reply.id).await.unwrap();
    store.mark_read(t.id, i64::MAX).await.unwrap();
    assert!(store.unread_counts(&[t.id]).await.unwrap().is_empty());
    let t = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!((t.user_read_id, t.agent_replies), (reply.id, 1));

    // CSAT once.
    assert!(
        store
            .set_csat(t.id, Rating::Good, Some("thanks"), 1)
            .await
            .unwrap()
    );
    assert!(!store.set_csat(t.id, Rating::Bad, None, 2).await.unwrap());
    let t = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!(t.csat_rating, Some(Rating::Good));

    // Field changes leave events; the inbox filters on them.
    let changed = store
        .change_ticket(
            t.id,
            &TicketChanges {
                tier: Some(Tier::SecondLine),
                group: Some(Some("billing".into())),
                tags: Some(vec!["vip".into(), "100%_sure".into()]),
                reason: Some("needs a developer".into()),
                ..TicketChanges::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.tier, Tier::SecondLine);
    let kinds: Vec<String> = store
        .ticket_events(t.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(kinds.contains(&"escalated".to_owned()) && kinds.contains(&"tags".to_owned()));
    let other = store
        .create_ticket(&new_ticket("v3", "Another one"))
        .await
        .unwrap();
    store
        .set_sla(
            other.id,
            &SlaFields {
                next_due: Some(100),
                due_soon_at: Some(50),
                ..SlaFields::default()
            },
        )
        .await
        .unwrap();
    let query = |filter: InboxFilter| {
        let store = store.clone();
        async move {
            let (tickets, total) = store
                .inbox(
                    &InboxFilter {
                        limit: 50,
                        ..filter
                    },
                    75,
                )
                .await
                .unwrap();
            assert_eq!(tickets.len() as i64, total);
            tickets.into_iter().map(|t| t.subject).collect::<Vec<_>>()
        }
    };
    assert_eq!(
        query(InboxFilter {
            tag: Some("100%_sure".into()),
            ..Default::default()
        })
        .await,
        vec!["Screenshot attached"]
    );
    assert!(
        query(InboxFilter {
            tag: Some("100".into()),
            ..Default::default()
        })
        .await
        .is_empty()
    );
    assert_eq!(
        query(InboxFilter {
            sla: Some(SlaFilter::DueSoon),
            ..Default::default()
        })
        .await,
        vec!["Another one"]
    );
    assert_eq!(
        query(InboxFilter {
            text: Some("SCREENSHOT".into()),
            ..Default::default()
        })
        .await,
        vec!["Screenshot attached"]
    );
    assert_eq!(
        query(InboxFilter {
            text: Some("pay and".into()),
            ..Default::default()
        })
        .await
        .len(),
        2
    );
    // Default order: running SLA clocks first.
    assert_eq!(query(InboxFilter::default()).await[0], "Another one");
    assert_eq!(store.record_breaches(1_000).await.unwrap(), 0);

    // Configuration, agents and macros.
    assert!(store.routing_rules().await.unwrap().is_empty());
    let rule = |tag: &str| ayuda_desk::Rule {
        actions: ayuda_desk::Actions {
            tags: vec![tag.to_owned()],
            ..Default::default()
        },
        ..Default::default()
    };
    store.set_routing_rules(&[rule("a")]).await.unwrap();
    store
        .set_routing_rules(&[rule("b"), rule("c")])
        .await
        .unwrap();
    assert_eq!(
        store.routing_rules().await.unwrap(),
        vec![rule("b"), rule("c")]
    );
    assert_eq!(store.support_settings("demo").await.unwrap(), None);
    let mut settings = ayuda_desk::SupportSettings::default();
    settings.hours.time_zone = "Europe/Madrid".into();
    store.set_support_settings("demo", &settings).await.unwrap();
    assert_eq!(
        store.support_settings("demo").await.unwrap(),
        Some(settings)
    );
    assert_eq!(store.support_settings("other").await.unwrap(), None);
    assert_eq!(store.round_robin_last(Some("billing")).await.unwrap(), None);
    store
        .set_round_robin_last(Some("billing"), 7)
        .await
        .unwrap();
    store.set_round_robin_last(None, 9).await.unwrap();
    assert_eq!(
        store.round_robin_last(Some("billing")).await.unwrap(),
        Some(7)
    );
    assert_eq!(store.round_robin_last(None).await.unwrap(), Some(9));
    let m = ayuda_desk::Macro {
        reply: "Hola {{user.name}}".into(),
        ..Default::default()
    };
    let created = store.create_macro("greet", &m).await.unwrap();
    assert!(matches!(
        store.create_macro("greet", &m).await,
        Err(Error::Conflict(_))
    ));
    assert_eq!(
        store
            .macro_by_id(created.id)
            .await
            .unwrap()
            .unwrap()
            .definition,
        m
    );
    store.delete_macro(created.id).await.unwrap();
    assert!(store.macros().await.unwrap().is_empty());
}

/// A filed ticket and what comes with it commit together; a posted message, its status change
/// (with the `status` event) and the SLA fields commit together or not at all: with the status
/// update refused by a trigger, the message is not stored either.
async fn filing_and_posting_commit_together(store: Store) {
    let sla = SlaFields {
        first_response_due: Some(5_000),
        resolution_due: Some(9_000),
        next_due: Some(5_000),
        due_soon_at: Some(4_000),
        breached: 0,
    };
    // Filing stores the ticket, its first message, its SLA fields and the automatic reply
    // together.
    let filing = Filing {
        at: 500,
        sla: Some(sla),
        replies: vec![message(Author::Bot, "Thanks! We'll answer soon.", false)],
    };
    let t = store
        .file_ticket(&new_ticket("v1", "Cannot export"), &filing)
        .await
        .unwrap();
    assert_eq!((t.created_at, t.sla), (500, sla));
    let filed = store.messages_after(t.id, 0, true, 100).await.unwrap();
    assert_eq!(
        filed.iter().map(|m| m.author_kind).collect::<Vec<_>>(),
        vec![Author::User, Author::Bot]
    );
    let effects = MessageEffects {
        status: Some(Status::Open),
        sla: Some(sla),
        ..MessageEffects::default()
    };
    let (reply, ticket) = store
        .post_message(
            t.id,
            &message(Author::Agent, "On it", false),
            &effects,
            1_000,
        )
        .await
        .unwrap();
    assert_eq!(ticket.status, Status::Open);
    assert_eq!(ticket.sla, sla);
    assert_eq!(ticket.first_response_at, Some(1_000));
    assert_eq!(reply.ticket_id, t.id);
    let events = store.ticket_events(t.id).await.unwrap();
    assert_eq!(events.last().map(|e| e.kind.as_str()), Some("status"));

    // From now on the database refuses any status change.
    let refuse: &[&str] = match store.backend() {
        Backend::Sqlite => &[
            "CREATE TRIGGER refuse_status BEFORE UPDATE OF status ON tickets \
             BEGIN SELECT RAISE(ABORT, 'refused'); END",
        ],
        Backend::Postgres => &[
            "CREATE FUNCTION refuse_status() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_status BEFORE UPDATE OF status ON tickets \
             FOR EACH ROW EXECUTE FUNCTION refuse_status()",
        ],
    };
    for statement in refuse {
        sqlx::query(statement).execute(&store.pool).await.unwrap();
    }
    let messages_before = store.messages_after(t.id, 0, true, 100).await.unwrap();
    let solve = MessageEffects {
        status: Some(Status::Solved),
        sla: Some(SlaFields::default()),
        ..MessageEffects::default()
    };
    let refused = store
        .post_message(
            t.id,
            &message(Author::Agent, "Solved!", false),
            &solve,
            2_000,
        )
        .await;
    assert!(refused.is_err(), "the status change was refused");
    assert_eq!(
        store.messages_after(t.id, 0, true, 100).await.unwrap(),
        messages_before,
        "no message without its status change"
    );
    let after = store.ticket(t.id).await.unwrap().unwrap();
    assert_eq!((after.status, after.sla), (Status::Open, sla));
    assert_eq!(store.ticket_events(t.id).await.unwrap(), events);
    // A message that changes nothing else still goes through.
    store
        .post_message(
            t.id,
            &message(Author::User, "Thanks", false),
            &MessageEffects::default(),
            3_000,
        )
        .await
        .unwrap();
}

/// Runs each suite function against a fresh SQLite file and a fresh PostgreSQL database.
/// The inbox's SLA filters (SQL) pick exactly the tickets `ayuda_desk::SlaMarks` calls
/// breached / due soon.
async fn sla_filters_agree_with_the_desk(store: Store) {
    use crate::{InboxFilter, SlaFields, SlaFilter};
    let now = 75;
    let mut expected_breached = Vec::new();
    let mut expected_due_soon = Vec::new();
    let mut n = 0;
    for status in [Status::New, Status::Open, Status::Pending, Status::Solved] {
        for breached in [0, 1, 2] {
            for next_due in [None, Some(40), Some(100)] {
                for due_soon_at in [None, Some(50), Some(90)] {
                    n += 1;
                    let subject = format!("t{n}");
                    let ticket = store
                        .create_ticket(&new_ticket(&format!("v{n}"), &subject))
                        .await
                        .unwrap();
                    let fields = SlaFields {
                        next_due,
                        due_soon_at,
                        breached,
                        ..SlaFields::default()
                    };
                    store.set_sla(ticket.id, &fields).await.unwrap();
                    let ticket = store.set_status(ticket.id, status, 1).await.unwrap();
                    let marks = ticket.sla_marks();
                    if marks.breached(now) {
                        expected_breached.push(subject.clone());
                    }
                    if marks.due_soon(now) {
                        expected_due_soon.push(subject);
                    }
                }
            }
        }
    }
    assert!(!expected_breached.is_empty() && !expected_due_soon.is_empty());
    for (sla, mut expected) in [
        (SlaFilter::Breached, expected_breached),
        (SlaFilter::DueSoon, expected_due_soon),
    ] {
        let filter = InboxFilter {
            sla: Some(sla),
            limit: 500,
            ..InboxFilter::default()
        };
        let (tickets, _) = store.inbox(&filter, now).await.unwrap();
        let mut found: Vec<String> = tickets.into_iter().map(|t| t.subject).collect();
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{sla:?}");
    }
}

async fn staff_accounts_and_the_audit_log(store: Store) {
    let admin = store
        .create_user("root@example.com", "h", "admin")
        .await
        .unwrap();
    let ed = store
        .create_user("ed@example.com", "h", "editor")
        .await
        .unwrap();
    assert_eq!(store.active_admins().await.unwrap(), 1);
    store
        .create_credential(ed.id, crate::CredentialKind::Console, "c", "ed-c", None)
        .await
        .unwrap();
    store
        .create_credential(ed.id, crate::CredentialKind::ApiToken, "t", "ed-t", None)
        .await
        .unwrap();
    assert_eq!(
        store.set_user_role(ed.id, "admin").await.unwrap().role,
        "admin"
    );
    assert_eq!(store.active_admins().await.unwrap(), 2);
    // Switched off: sessions gone, API tokens dead while off, not counted as an admin.
    let off = store.set_user_active(ed.id, false).await.unwrap();
    assert!(off.deactivated_at.is_some());
    assert_eq!(store.active_admins().await.unwrap(), 1);
    assert!(store.credential("ed-c", None).await.unwrap().is_none());
    assert!(store.credential("ed-t", None).await.unwrap().is_none());
    assert!(
        store
            .set_user_active(ed.id, true)
            .await
            .unwrap()
            .deactivated_at
            .is_none()
    );
    assert!(store.credential("ed-t", None).await.unwrap().is_some());
    assert!(matches!(
        store.set_user_role(9_999, "agent").await,
        Err(Error::NotFound(_))
    ));
    // A new password ends every session but the one kept.
    let kept = store
        .create_credential(admin.id, crate::CredentialKind::Console, "a", "a-1", None)
        .await
        .unwrap();
    store
        .create_credential(admin.id, crate::CredentialKind::Session, "b", "a-2", None)
        .await
        .unwrap();
    store
        .set_password(admin.id, "h2", Some(kept.id))
        .await
        .unwrap();
    assert!(store.credential("a-1", None).await.unwrap().is_some());
    assert!(store.credential("a-2", None).await.unwrap().is_none());
    assert_eq!(
        store.user(admin.id).await.unwrap().unwrap().password_hash,
        "h2"
    );

    for (action, actor) in [
        ("auth.sign_in", Some("root@example.com")),
        ("auth.sign_in_failed", None),
        ("article.publish", Some("ed@example.com")),
        ("article.delete", Some("ed@example.com")),
    ] {
        store
            .audit(&crate::AuditEntry {
                actor_id: actor.map(|_| admin.id),
                actor_email: actor.map(str::to_owned),
                action: action.to_owned(),
                target: "article:1".to_owned(),
                detail: String::new(),
                address: Some("192.0.2.1".to_owned()),
            })
            .await
            .unwrap();
    }
    let all = crate::AuditFilter {
        limit: 50,
        ..Default::default()
    };
    let (rows, total) = store.audit_log(&all).await.unwrap();
    assert_eq!((rows.len(), total), (4, 4));
    assert_eq!(rows[0].entry.action, "article.delete", "newest first");
    let family = crate::AuditFilter {
        action: Some("article".to_owned()),
        ..all.clone()
    };
    assert_eq!(store.audit_log(&family).await.unwrap().1, 2);
    let exact = crate::AuditFilter {
        action: Some("auth.sign_in".to_owned()),
        ..all.clone()
    };
    assert_eq!(store.audit_log(&exact).await.unwrap().1, 1);
    let by_actor = crate::AuditFilter {
        actor: Some("ED@".to_owned()),
        limit: 1,
        ..all.clone()
    };
    let (page, total) = store.audit_log(&by_actor).await.unwrap();
    assert_eq!((page.len(), total), (1, 2));
    let future = crate::AuditFilter {
        since: Some(crate::now_ms() + 60_000),
        ..all
    };
    assert_eq!(store.audit_log(&future).await.unwrap().1, 0);
}

async fn second_factor_state(store: Store) {
    let user = store
        .create_user("t@example.com", "h", "agent")
        .await
        .unwrap();
    assert_eq!(store.totp_pending(user.id).await.unwrap(), None);
    store.set_totp_pending(user.id, "SECRET").await.unwrap();
    assert_eq!(
        store.totp_pending(user.id).await.unwrap().as_deref(),
        Some("SECRET")
    );
    // No code is accepted before TOTP is on.
    assert!(!store.use_totp_step(user.id, 10).await.unwrap());
    let hashes: Vec<String> = (0..10).map(|i| format!("hash{i}")).collect();
    store
        .activate_totp(user.id, "SECRET", 100, &hashes)
        .await
        .unwrap();
    let row = store.user(user.id).await.unwrap().unwrap();
    assert_eq!(row.totp_secret.as_deref(), Some("SECRET"));
    assert_eq!(store.totp_pending(user.id).await.unwrap(), None);
    // The step of the enrolment code, or an earlier one, is never accepted again.
    assert!(!store.use_totp_step(user.id, 100).await.unwrap());
    assert!(!store.use_totp_step(user.id, 99).await.unwrap());
    assert!(store.use_totp_step(user.id, 101).await.unwrap());
    assert!(!store.use_totp_step(user.id, 101).await.unwrap());
    assert_eq!(store.recovery_codes_left(user.id).await.unwrap(), 10);
    assert!(store.use_recovery_code(user.id, "hash3").await.unwrap());
    assert!(!store.use_recovery_code(user.id, "hash3").await.unwrap());
    assert!(!store.use_recovery_code(user.id, "nope").await.unwrap());
    assert_eq!(store.recovery_codes_left(user.id).await.unwrap(), 9);
    store.disable_totp(user.id).await.unwrap();
    assert_eq!(
        store.user(user.id).await.unwrap().unwrap().totp_secret,
        None
    );
    assert_eq!(store.recovery_codes_left(user.id).await.unwrap(), 0);

    assert!(!store.security_policy().await.unwrap().require_2fa);
    store
        .set_security_policy(&crate::SecurityPolicy { require_2fa: true })
        .await
        .unwrap();
    assert!(store.security_policy().await.unwrap().require_2fa);
}

async fn schedules_run_once(store: Store) {
    let article = store
        .create_article(&new_article("later", "es", "draft"))
        .await
        .unwrap();
    let now = crate::now_ms();
    let due = store
        .add_schedule(article.id, "publish", now - 1, Some("ed@example.com"))
        .await
        .unwrap();
    let later = store
        .add_schedule(article.id, "unpublish", now + 60_000, None)
        .await
        .unwrap();
    let ids: Vec<i64> = store
        .due_schedules(now)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, vec![due.id]);
    // Two nodes race for it: one wins.
    let (a, b) = tokio::join!(store.claim_schedule(due.id), store.claim_schedule(due.id));
    assert!(a.unwrap() ^ b.unwrap());
    assert!(store.due_schedules(now).await.unwrap().is_empty());
    store
        .schedule_outcome(due.id, "published version 1")
        .await
        .unwrap();
    let listed = store.schedules(article.id).await.unwrap();
    assert_eq!(listed[0].id, later.id, "pending first");
    assert_eq!(listed[1].outcome.as_deref(), Some("published version 1"));
    // Cancelling: only pending ones, only of that article.
    assert!(!store.cancel_schedule(article.id, due.id).await.unwrap());
    assert!(
        !store
            .cancel_schedule(article.id + 1, later.id)
            .await
            .unwrap()
    );
    assert!(store.cancel_schedule(article.id, later.id).await.unwrap());
}

async fn review_plans(store: Store) {
    let a = store
        .create_article(&new_article("plan", "es", "published"))
        .await
        .unwrap();
    store
        .set_review_plan(a.id, Some("o@example.com"), Some(Some(7)))
        .await
        .unwrap();
    let row = store.article(a.id).await.unwrap().unwrap();
    assert_eq!(
        (row.owner.as_deref(), row.review_days),
        (Some("o@example.com"), Some(7))
    );
    let week = 7 * 86_400_000;
    assert!(
        store
            .reviews_due(row.created_at + week - 1, None, None, 10, 0)
            .await
            .unwrap()
            .0
            .is_empty()
    );
    assert_eq!(
        store
            .reviews_due(row.created_at + week, None, None, 10, 0)
            .await
            .unwrap()
            .1,
        1
    );
    store.mark_reviewed(a.id).await.unwrap();
    assert!(
        store
            .reviews_due(row.created_at + week, None, None, 10, 0)
            .await
            .unwrap()
            .0
            .is_empty()
    );
    // Absent keeps, `Some(None)` clears.
    store.set_review_plan(a.id, None, None).await.unwrap();
    assert_eq!(
        store.article(a.id).await.unwrap().unwrap().review_days,
        Some(7)
    );
    store.set_review_plan(a.id, None, Some(None)).await.unwrap();
    assert_eq!(
        store.article(a.id).await.unwrap().unwrap().review_days,
        None
    );
    assert!(matches!(
        store.mark_reviewed(9_999).await,
        Err(Error::NotFound(_))
    ));
}

async fn content_gap_queries(store: Store) {
    let a = store
        .create_article(&new_article("gap", "es", "published"))
        .await
        .unwrap();
    store.vote(a.id, "v1", false).await.unwrap();
    store.vote(a.id, "v2", true).await.unwrap();
    let now = crate::now_ms();
    let unhelpful = store
        .unhelpful_articles(now - 60_000, now + 60_000, 10)
        .await
        .unwrap();
    assert_eq!(
        (
            unhelpful[0].id,
            unhelpful[0].helpful,
            unhelpful[0].not_helpful
        ),
        (a.id, 1, 1)
    );
    let never = store.unopened_articles(now + 60_000, 10).await.unwrap();
    assert_eq!(never[0].id, a.id);
    store.add_view(a.id).await.unwrap();
    assert!(
        store
            .unopened_articles(now + 60_000, 10)
            .await
            .unwrap()
            .is_empty()
    );
    // The light listing of published articles: the published title, visible everywhere.
    let listed = store.published_listing().await.unwrap();
    assert_eq!((listed[0].id, listed[0].title.as_str()), (a.id, "gap"));
    assert!(listed[0].visible_on("demo"));
    // Places seen: upserts add up.
    let seen = vec![("demo".to_owned(), "/a/*".to_owned(), 2)];
    store.add_seen_places(&seen, now).await.unwrap();
    store.add_seen_places(&seen, now + 1).await.unwrap();
    let places = store.seen_places("demo", "", 10).await.unwrap();
    assert_eq!((places[0].hits, places[0].last_seen), (4, now + 1));
    assert!(
        store
            .seen_places("demo", "zz", 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Editing presence: an upsert per heartbeat, the others listed.
    assert!(
        store
            .editing_heartbeat(a.id, "a@x.y", 0)
            .await
            .unwrap()
            .is_empty()
    );
    store.editing_heartbeat(a.id, "b@x.y", 0).await.unwrap();
    assert_eq!(
        store.editing_heartbeat(a.id, "a@x.y", 0).await.unwrap(),
        vec!["b@x.y".to_owned()]
    );
    store.editing_left(a.id, "b@x.y").await.unwrap();
    assert!(
        store
            .editing_heartbeat(a.id, "a@x.y", 0)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .searches_without_results("demo", 0, now, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    let store = super::Store::connect(&super::sqlite_url_in(dir.path())).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(url) = super::fresh_postgres_url().await.unwrap() else {
                        eprintln!("skipped: set {} to run the PostgreSQL store tests", super::POSTGRES_ENV);
                        return;
                    };
                    let store = super::Store::connect(&url).await.unwrap();
                    super::$name(store).await;
                }
            )*
        }
    };
}

async fn article_list_filters(store: Store) {
    let mut tagged = new_article("tagged", "en", "published");
    tagged.content.tags = vec!["refunds".into(), "50%_off".into()];
    tagged.sites = vec!["shop".into()];
    let tagged = store.create_article(&tagged).await.unwrap();
    let mut other = new_article("other", "es", "draft");
    other.content.tags = vec!["refunds-old".into()];
    other.sites = vec!["blog".into()];
    let other = store.create_article(&other).await.unwrap();
    let everywhere = store
        .create_article(&new_article("everywhere", "en", "draft"))
        .await
        .unwrap();
    store
        .set_review_plan(tagged.id, Some("owner@example.com"), Some(Some(1)))
        .await
        .unwrap();

    let ids = |filter: ArticleFilter| {
        let store = store.clone();
        async move {
            let (rows, total) = store
                .list_articles(&ArticleFilter {
                    limit: 50,
                    ..filter
                })
                .await
                .unwrap();
            assert_eq!(rows.len() as i64, total);
            let mut ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            ids.sort();
            ids
        }
    };
    // A tag is a whole element, never a prefix of another; LIKE wildcards are literal.
    let refunds = ArticleFilter {
        tag: Some("refunds".into()),
        ..Default::default()
    };
    assert_eq!(ids(refunds).await, vec![tagged.id]);
    let wild = ArticleFilter {
        tag: Some("50%_off".into()),
        ..Default::default()
    };
    assert_eq!(ids(wild).await, vec![tagged.id]);
    let none = ArticleFilter {
        tag: Some("%".into()),
        ..Default::default()
    };
    assert!(ids(none).await.is_empty());
    // An article without sites is on every site.
    let shop = ArticleFilter {
        site: Some("shop".into()),
        ..Default::default()
    };
    assert_eq!(ids(shop).await, vec![tagged.id, everywhere.id]);
    let owner = ArticleFilter {
        owner: Some("OWNER@example.com".into()),
        ..Default::default()
    };
    assert_eq!(ids(owner).await, vec![tagged.id]);
    let later = crate::now_ms() + 2 * 86_400_000;
    let due = ArticleFilter {
        review_due_at: Some(later),
        ..Default::default()
    };
    assert_eq!(ids(due).await, vec![tagged.id]);
    let not_yet = ArticleFilter {
        review_due_at: Some(crate::now_ms()),
        ..Default::default()
    };
    assert!(ids(not_yet).await.is_empty());
    let only = ArticleFilter {
        ids: Some(vec![other.id, everywhere.id]),
        locale: Some("es".into()),
        ..Default::default()
    };
    assert_eq!(ids(only).await, vec![other.id]);
    let empty = ArticleFilter {
        ids: Some(vec![]),
        ..Default::default()
    };
    assert!(ids(empty).await.is_empty());
    // Text matches the title or slug, or one of the engine's ids.
    let text = ArticleFilter {
        text: Some("tagg".into()),
        text_ids: vec![other.id],
        ..Default::default()
    };
    assert_eq!(ids(text).await, vec![tagged.id, other.id]);

    let all = store
        .article_ids(&ArticleFilter::default(), 2)
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    let rows = store
        .articles_by_ids(&[everywhere.id, 999_999, tagged.id])
        .await
        .unwrap();
    assert_eq!(
        rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![everywhere.id, tagged.id]
    );
}

async fn passkeys_and_ceremonies(store: Store) {
    let user = store
        .create_user("pk@example.com", "hash", "editor")
        .await
        .unwrap();
    assert!(!user.has_second_factor());
    let first = store
        .add_passkey(user.id, "cred-1", "Laptop", "{}")
        .await
        .unwrap();
    let dup = store.add_passkey(user.id, "cred-1", "Again", "{}").await;
    assert!(matches!(dup, Err(Error::Conflict(_))), "{dup:?}");
    store
        .add_passkey(user.id, "cred-2", "Phone", "{}")
        .await
        .unwrap();
    let row = store.user(user.id).await.unwrap().unwrap();
    assert_eq!(row.passkeys, 2, "the failed insert counted nothing");
    assert!(row.has_second_factor());
    store.passkey_used(first.id, "{\"n\":1}").await.unwrap();
    let found = store
        .passkey_by_credential("cred-1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.passkey, "{\"n\":1}");
    assert!(found.last_used_at.is_some());
    // Someone else's id deletes nothing.
    assert!(!store.delete_passkey(user.id + 1, first.id).await.unwrap());
    assert!(store.delete_passkey(user.id, first.id).await.unwrap());
    assert!(!store.delete_passkey(user.id, first.id).await.unwrap());
    assert_eq!(store.passkeys(user.id).await.unwrap().len(), 1);
    store.delete_passkeys(user.id).await.unwrap();
    assert_eq!(store.user(user.id).await.unwrap().unwrap().passkeys, 0);

    let later = crate::now_ms() + 60_000;
    store
        .start_ceremony("c1", Some(user.id), "register", "state", later)
        .await
        .unwrap();
    store
        .start_ceremony("old", None, "sign_in", "state", crate::now_ms() - 1)
        .await
        .unwrap();
    assert_eq!(store.take_ceremony("c1", "sign_in").await.unwrap(), None);
    assert_eq!(
        store.take_ceremony("c1", "register").await.unwrap(),
        Some((Some(user.id), "state".to_owned()))
    );
    assert_eq!(
        store.take_ceremony("c1", "register").await.unwrap(),
        None,
        "once"
    );
    assert_eq!(
        store.take_ceremony("old", "sign_in").await.unwrap(),
        None,
        "expired"
    );
}

suite!(
    concurrent_writers_never_fail,
    articles_and_versions,
    votes_views_and_translations,
    users_sites_and_credentials,
    search_log,
    tickets_and_messages,
    ticket_status_and_lists,
    concurrent_messages_are_all_kept,
    desk_tables,
    sla_filters_agree_with_the_desk,
    filing_and_posting_commit_together,
    staff_accounts_and_the_audit_log,
    second_factor_state,
    schedules_run_once,
    review_plans,
    content_gap_queries,
    article_list_filters,
    passkeys_and_ceremonies,
);

#[tokio::test]
async fn rejects_unknown_database_urls() {
    assert!(matches!(
        Store::connect("mysql://x").await,
        Err(Error::UnsupportedUrl(_))
    ));
}
