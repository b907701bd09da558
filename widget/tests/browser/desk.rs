//! The contact form and conversations, mounted into the page and checked through the DOM.

use std::collections::BTreeMap;

use ayuda_api::attachment_limits::MAX_FILE_BYTES;
use ayuda_api::{
    AttachmentInfo, Author, Category, Impact, Level, PublicMessage, PublicThread, PublicTicket,
    Rating, ReplyExpectation, SearchHit, Status, SupportInfo,
};
use ayuda_widget::bridge::HostUser;
use ayuda_widget::components::{ContactView, ConversationsEntry, ThreadView};
use ayuda_widget::desk::Sending;
use ayuda_widget::state::{Load, View};
use ayuda_widget::support::{Draft, draft_key};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use crate::{mount, mount_desk, tick, until};

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn support(categories: bool) -> SupportInfo {
    SupportInfo {
        available: true,
        time_zone: "Europe/Madrid".into(),
        next_open: None,
        categories: if categories {
            vec![Category {
                key: "billing".into(),
                labels: BTreeMap::from([
                    ("es".into(), "Facturación".into()),
                    ("en".into(), "Billing".into()),
                ]),
            }]
        } else {
            Vec::new()
        },
        expectations: vec![
            ReplyExpectation {
                level: Level::L3,
                reply_by: Some(1),
                message: "Within 1 hour".into(),
            },
            ReplyExpectation {
                level: Level::L1,
                reply_by: None,
                message: "Within 1 day".into(),
            },
        ],
    }
}

fn click(element: web_sys::Element) {
    element.unchecked_into::<HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn the_contact_form_renders_labelled_fields_and_the_impact_levels() {
    let m = mount_desk(
        |panel, desk| {
            panel.explicit_locale.set(Some("en".into()));
            desk.contact.support.set(Load::Ready(support(false)));
        },
        || view! { <ContactView/> },
    );
    tick().await;
    for id in [
        "ayuda-name",
        "ayuda-email",
        "ayuda-company",
        "ayuda-subject",
        "ayuda-trying",
        "ayuda-happened",
    ] {
        assert_eq!(m.count(&format!("label[for={id}]")), 1, "{id} has a label");
        assert_eq!(m.count(&format!("#{id}")), 1, "{id}");
    }
    assert_eq!(
        m.text("label[for=ayuda-trying]"),
        "What were you trying to do?"
    );
    assert_eq!(
        m.count("[data-testid=category]"),
        0,
        "no categories, no select"
    );
    assert_eq!(m.count("input[type=radio][name=ayuda-impact]"), 3);
    assert!(
        m.text("fieldset legend")
            .contains("How much does this affect you?")
    );
    assert_eq!(
        m.text("[data-testid=availability]"),
        "The team is available now."
    );
    assert_eq!(m.count("input[type=checkbox]"), 0, "no free 'urgent' box");
    // The expectation follows the chosen impact.
    assert_eq!(m.text("[data-testid=expectation]"), "");
    click(m.get("[data-testid=impact-blocked]"));
    tick().await;
    assert_eq!(m.text("[data-testid=expectation]"), "Within 1 hour");
    assert_eq!(
        m.desk.contact.form.get_untracked().impact,
        Some(Impact::Blocked)
    );
    click(m.get("[data-testid=impact-question]"));
    tick().await;
    assert_eq!(m.text("[data-testid=expectation]"), "Within 1 day");
    // The environment is listed before sending.
    let env = m.text("[data-testid=environment]");
    assert!(env.contains("What we'll send"), "{env}");
    assert!(env.contains("Browser"), "{env}");
    assert!(env.contains("Time zone"), "{env}");
    // Categories appear when the site has some, in the UI language.
    m.desk.contact.support.set(Load::Ready(support(true)));
    tick().await;
    assert_eq!(m.count("[data-testid=category] option"), 2);
    assert!(m.text("[data-testid=category]").contains("Billing"));
    storage().remove_item(&draft_key("demo")).unwrap();
}

#[wasm_bindgen_test]
async fn an_identified_user_is_not_asked_for_name_and_email() {
    let m = mount_desk(
        |panel, desk| {
            panel.explicit_locale.set(Some("es".into()));
            panel.user.set(Some(HostUser {
                user_id: Some("u1".into()),
                user_hash: Some("ab".into()),
                name: Some("Ana".into()),
                email: Some("ana@example.com".into()),
                company: Some("Facturo".into()),
            }));
            desk.contact.support.set(Load::Ready(support(false)));
            desk.contact.enter();
        },
        || view! { <ContactView/> },
    );
    tick().await;
    assert_eq!(m.count("#ayuda-name"), 0);
    assert_eq!(m.count("#ayuda-email"), 0);
    let company: HtmlInputElement = m.get("#ayuda-company").unchecked_into();
    assert_eq!(company.value(), "Facturo", "prefilled from identify");
    assert_eq!(m.text("label[for=ayuda-happened]"), "¿Qué pasó?");
    storage().remove_item(&draft_key("demo")).unwrap();
}

#[wasm_bindgen_test]
async fn sending_an_incomplete_form_marks_what_is_missing() {
    storage().remove_item(&draft_key("demo")).unwrap();
    let m = mount_desk(
        |panel, desk| {
            panel.explicit_locale.set(Some("en".into()));
            desk.contact.support.set(Load::Ready(support(false)));
        },
        || view! { <ContactView/> },
    );
    tick().await;
    assert_eq!(
        m.count("[aria-invalid=true]"),
        0,
        "no errors before sending"
    );
    click(m.get("[data-testid=contact-send]"));
    tick().await;
    for id in [
        "ayuda-name",
        "ayuda-email",
        "ayuda-subject",
        "ayuda-happened",
    ] {
        let field = m.get(&format!("#{id}"));
        assert_eq!(
            field.get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{id}"
        );
        let error_id = field.get_attribute("aria-describedby").unwrap();
        assert_eq!(m.text(&format!("#{error_id}")), "Please fill this in.");
    }
    assert_eq!(
        m.get("#ayuda-company").get_attribute("aria-invalid"),
        None,
        "company is optional"
    );
    assert_eq!(
        m.get("fieldset.impact")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        m.desk.contact.sending.get_untracked(),
        Sending::Idle,
        "nothing sent"
    );
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element();
    assert_eq!(
        active.and_then(|a| a.get_attribute("id")).as_deref(),
        Some("ayuda-name"),
        "focus moves to the first field to fix"
    );
    // Fixing a field clears its error as the user types.
    let email: HtmlInputElement = m.get("#ayuda-email").unchecked_into();
    email.set_value("not-an-email");
    email
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(
        m.text("#ayuda-email-err"),
        "Please enter a valid email address."
    );
    // What was typed is kept as a draft.
    let draft = Draft::deserialize(&storage().get_item(&draft_key("demo")).unwrap().unwrap());
    assert_eq!(draft.unwrap().email, "not-an-email");
    storage().remove_item(&draft_key("demo")).unwrap();
}

#[wasm_bindgen_test]
async fn a_draft_survives_a_reload() {
    let draft = Draft {
        subject: "No puedo <b>facturar</b>".into(),
        happened: "Sale un error".into(),
        impact: Some(Impact::Degraded),
        attachments: vec![AttachmentInfo {
            id: "att1".into(),
            name: "captura.png".into(),
            content_type: "image/png".into(),
            size: 2048,
            url: "/x".into(),
        }],
        ..Draft::default()
    };
    storage()
        .set_item(&draft_key("demo"), &draft.serialize())
        .unwrap();
    let m = mount_desk(
        |panel, desk| {
            panel.explicit_locale.set(Some("es".into()));
            desk.contact.support.set(Load::Ready(support(false)));
            desk.contact.enter();
        },
        || view! { <ContactView/> },
    );
    tick().await;
    let subject: HtmlInputElement = m.get("#ayuda-subject").unchecked_into();
    assert_eq!(subject.value(), "No puedo <b>facturar</b>");
    assert_eq!(m.count("b"), 0, "typed text stays text");
    let happened: HtmlTextAreaElement = m.get("#ayuda-happened").unchecked_into();
    assert_eq!(happened.value(), "Sale un error");
    assert!(
        m.get("[data-testid=impact-degraded]")
            .unchecked_into::<HtmlInputElement>()
            .checked()
    );
    assert_eq!(m.count("[data-testid=file]"), 1);
    assert!(m.text("[data-testid=file]").contains("captura.png"));
    assert!(m.text("[data-testid=file]").contains("2 KB"));
    // Removing the file updates the draft.
    click(m.get("[data-testid=file-remove]"));
    tick().await;
    assert_eq!(m.count("[data-testid=file]"), 0);
    let saved = Draft::deserialize(&storage().get_item(&draft_key("demo")).unwrap().unwrap());
    assert!(saved.unwrap().attachments.is_empty());
    storage().remove_item(&draft_key("demo")).unwrap();
}

fn file(name: &str, bytes: usize, mime: &str) -> web_sys::File {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::new_with_length(bytes as u32));
    let options = web_sys::FilePropertyBag::new();
    options.set_type(mime);
    web_sys::File::new_with_u8_array_sequence_and_options(&parts, name, &options).unwrap()
}

#[wasm_bindgen_test]
async fn files_over_the_limits_are_refused_with_a_reason() {
    storage().remove_item(&draft_key("demo")).unwrap();
    let m = mount_desk(
        |panel, desk| {
            panel.explicit_locale.set(Some("en".into()));
            desk.contact.support.set(Load::Ready(support(false)));
        },
        || view! { <ContactView/> },
    );
    tick().await;
    let transfer = web_sys::DataTransfer::new().unwrap();
    let items = transfer.items();
    items
        .add_with_file(&file("big.png", MAX_FILE_BYTES as usize + 1, "image/png"))
        .unwrap();
    items
        .add_with_file(&file("tool.exe", 10, "application/x-msdownload"))
        .unwrap();
    // Dropped on the zone.
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer));
    let drop = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    m.get("[data-testid=dropzone]")
        .dispatch_event(&drop)
        .unwrap();
    tick().await;
    assert_eq!(m.count("[data-testid=file]"), 2);
    let files = m.text("[data-testid=dropzone] ul");
    assert!(files.contains("big.png"), "{files}");
    assert!(files.contains("This file is over 10 MB."), "{files}");
    assert!(
        files.contains("This type of file can't be attached."),
        "{files}"
    );
    assert_eq!(m.count(".file.failed"), 2);
    assert!(m.desk.contact.files.done().is_empty());
    // Six acceptable files through the picker: the sixth is over the count.
    let transfer = web_sys::DataTransfer::new().unwrap();
    for i in 0..6 {
        transfer
            .items()
            .add_with_file(&file(&format!("n{i}.txt"), 5, "text/plain"))
            .unwrap();
    }
    let input: HtmlInputElement = m.get("[data-testid=file-input]").unchecked_into();
    input.set_files(transfer.files().as_ref());
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(m.count("[data-testid=file]"), 8);
    assert!(
        m.text("[data-testid=dropzone] ul")
            .contains("You can attach up to 5 files.")
    );
    // The test server has no API: the five uploads fail, each with its message.
    assert!(until(|| !m.desk.contact.files.busy()).await);
    tick().await;
    assert!(
        m.text("[data-testid=dropzone] ul")
            .contains("The file couldn't be uploaded.")
    );
    storage().remove_item(&draft_key("demo")).unwrap();
}

#[wasm_bindgen_test]
async fn suggested_articles_can_end_the_request() {
    storage().remove_item(&draft_key("demo")).unwrap();
    let m = mount_desk(
        |panel, desk| {
            panel.explicit_locale.set(Some("en".into()));
            desk.contact.support.set(Load::Ready(support(false)));
            panel.navigate(View::Contact, false);
            desk.contact.deflect.set(vec![SearchHit {
                slug: "pagos".into(),
                locale: "en".into(),
                title: "<i>Payments</i>".into(),
                snippet: String::new(),
                title_html: String::new(),
                url: "http://ayuda.test/help/demo/en/pagos".into(),
                score: 1.0,
            }]);
        },
        || view! { <ContactView/> },
    );
    tick().await;
    assert_eq!(m.count("[data-testid=deflect-article]"), 1);
    assert_eq!(
        m.text("[data-testid=deflect-article] .t"),
        "<i>Payments</i>"
    );
    assert_eq!(m.count("i"), 0);
    click(m.get("[data-testid=deflect-yes]"));
    tick().await;
    assert_eq!(m.count("[data-testid=deflected]"), 1);
    assert_eq!(m.text("[data-testid=deflected] h1"), "Glad it helped!");
    assert_eq!(storage().get_item(&draft_key("demo")).unwrap(), None);
}

fn ticket(status: Status, csat_pending: bool) -> PublicTicket {
    PublicTicket {
        id: "T1".into(),
        subject: "<script>alert(1)</script> factura".into(),
        status,
        level: Level::L2,
        created_at: 1_700_000_000_000,
        updated_at: 1_700_000_100_000,
        unread: 1,
        csat_pending,
        csat: None,
    }
}

fn message(id: i64, author: Author, name: Option<&str>, body: &str) -> PublicMessage {
    PublicMessage {
        id,
        author,
        author_name: name.map(Into::into),
        body: body.into(),
        attachments: Vec::new(),
        created_at: 1_700_000_000_000 + id,
    }
}

#[wasm_bindgen_test]
async fn a_thread_shows_every_text_as_text() {
    let hostile = r#"<img src=x onerror="window.pwned=1"> hola"#;
    let mut agent = message(2, Author::Agent, Some("Ana <b>López</b>"), hostile);
    agent.attachments = vec![AttachmentInfo {
        id: "a1".into(),
        name: "captura \"1\".png".into(),
        content_type: "image/png".into(),
        size: 10,
        url: "/api/v1/sites/demo/attachments/a1".into(),
    }];
    let thread = PublicThread {
        ticket: ticket(Status::Open, false),
        messages: vec![
            message(1, Author::User, None, "No puedo <em>facturar</em>"),
            agent,
            message(3, Author::Bot, None, "Respuesta automática"),
        ],
    };
    let m = mount_desk(
        move |panel, desk| {
            panel.explicit_locale.set(Some("en".into()));
            desk.conversations.thread.set(Load::Ready(thread));
        },
        || view! { <ThreadView/> },
    );
    tick().await;
    assert_eq!(
        m.text("[data-testid=thread-subject]"),
        "<script>alert(1)</script> factura"
    );
    assert_eq!(m.count("script"), 0);
    assert_eq!(m.count("em"), 0);
    assert_eq!(m.count("b"), 0);
    assert_eq!(m.count("[data-testid=message]"), 3);
    let log = m.get("[data-testid=messages]");
    assert_eq!(log.get_attribute("role").as_deref(), Some("log"));
    assert_eq!(log.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(
        m.text("[data-author=agent] .name")
            .contains("Ana <b>López</b>")
    );
    assert_eq!(m.text("[data-author=agent] .body"), hostile);
    assert_eq!(m.text("[data-author=user] .name"), "You");
    assert_eq!(m.text("[data-author=bot] .name"), "Automatic reply");
    // The only image is the attachment's thumbnail.
    assert_eq!(m.count("img"), 1);
    let img = m.get("[data-testid=attachment] img");
    assert_eq!(
        img.get_attribute("alt").as_deref(),
        Some("captura \"1\".png")
    );
    assert!(
        img.get_attribute("src")
            .unwrap()
            .starts_with("/api/v1/sites/demo/attachments/a1")
    );
    assert_eq!(
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("pwned")).unwrap(),
        JsValue::UNDEFINED
    );
    // The composer keeps its text and has a label.
    assert_eq!(m.count("label[for=ayuda-reply]"), 1);
    assert_eq!(m.count("[data-testid=csat]"), 0, "not solved: no survey");
}

#[wasm_bindgen_test]
async fn a_solved_thread_asks_how_we_did_once() {
    let m = mount_desk(
        |panel, desk| {
            panel.explicit_locale.set(Some("es".into()));
            desk.conversations.thread.set(Load::Ready(PublicThread {
                ticket: ticket(Status::Solved, true),
                messages: vec![message(1, Author::User, None, "x")],
            }));
        },
        || view! { <ThreadView/> },
    );
    tick().await;
    assert_eq!(m.count("[data-testid=csat]"), 1);
    assert!(
        m.text("[data-testid=csat]")
            .contains("¿Qué tal lo hicimos?")
    );
    assert_eq!(m.count("[data-testid=csat] button[aria-pressed]"), 3);
    click(m.get("[data-testid=csat-good]"));
    tick().await;
    assert_eq!(
        m.get("[data-testid=csat-good]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    // Once answered (here: the server says so), it is not asked again.
    m.desk.conversations.thread.update(|t| {
        if let Load::Ready(t) = t {
            t.ticket.csat_pending = false;
            t.ticket.csat = Some(Rating::Good);
        }
    });
    tick().await;
    assert_eq!(m.count("[data-testid=csat]"), 0);
}

#[wasm_bindgen_test]
async fn the_home_offers_the_conversations_with_their_unread_count() {
    let m = mount(
        |panel| panel.explicit_locale.set(Some("en".into())),
        || view! { <ConversationsEntry/> },
    );
    tick().await;
    assert_eq!(m.count("[data-testid=conversations]"), 0, "none yet");
    m.panel.inbox.set((1, 2));
    tick().await;
    assert!(
        m.text("[data-testid=conversations]")
            .contains("Your conversations")
    );
    assert!(m.text("[data-testid=conversations]").contains("2 unread"));
}

#[wasm_bindgen_test]
async fn a_pasted_screenshot_is_attached_with_a_readable_name() {
    storage().remove_item(&draft_key("demo")).unwrap();
    let m = mount_desk(
        |panel, desk| {
            panel.explicit_locale.set(Some("en".into()));
            desk.contact.support.set(Load::Ready(support(false)));
        },
        || view! { <ContactView/> },
    );
    tick().await;
    let transfer = web_sys::DataTransfer::new().unwrap();
    transfer
        .items()
        .add_with_file(&file("image.png", 100, "image/png"))
        .unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&transfer));
    let paste = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    let target = m.get("#ayuda-happened");
    assert!(
        !target.dispatch_event(&paste).unwrap(),
        "the paste is taken"
    );
    tick().await;
    assert_eq!(m.count("[data-testid=file]"), 1);
    assert!(m.text("[data-testid=file] .t").contains("screenshot-1.png"));
    // Text pastes are left alone.
    let text = web_sys::DataTransfer::new().unwrap();
    text.set_data("text/plain", "hola").unwrap();
    init.set_clipboard_data(Some(&text));
    let paste = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    assert!(target.dispatch_event(&paste).unwrap());
    assert!(until(|| !m.desk.contact.files.busy()).await);
    storage().remove_item(&draft_key("demo")).unwrap();
}
