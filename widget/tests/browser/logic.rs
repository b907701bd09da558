//! The panel's pure logic, run in the browser (the same checks run natively as unit tests
//! where the host can build the crate).

use ayuda_widget::bridge::{FrameParams, HostMessage, accepts, parse_message};
use ayuda_widget::color::{AA_TEXT, DARK_BG, INK, Rgb, Theme, WHITE, contrast, text_on};
use ayuda_widget::i18n::{Locale, Text, resolve_locale, tr};
use ayuda_widget::seq::Latest;
use ayuda_widget::state::{article_link, next_active};
use ayuda_widget::vote::VoteState;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn every_ui_string_exists_in_both_locales() {
    for text in Text::ALL {
        let (es, en) = (tr(Locale::Es, text), tr(Locale::En, text));
        assert!(!es.trim().is_empty() && !en.trim().is_empty(), "{text:?}");
    }
    assert_eq!(
        tr(Locale::Es, Text::ConnectionError),
        "No pudimos conectar con el centro de ayuda."
    );
    assert_eq!(tr(Locale::En, Text::ContactUs), "Contact us");
}

#[wasm_bindgen_test]
fn locale_resolution_order() {
    let site: Vec<String> = vec!["es".into(), "en".into()];
    let browser: Vec<String> = vec!["de-DE".into(), "en-GB".into()];
    // Explicit, when the site has it.
    assert_eq!(resolve_locale(Some("es-MX"), &browser, &site, "en"), "es");
    // Else the browser's languages matched against the site's.
    assert_eq!(resolve_locale(Some("fr"), &browser, &site, "es"), "en");
    assert_eq!(resolve_locale(None, &browser, &site, "es"), "en");
    // Else the site's default.
    assert_eq!(resolve_locale(None, &["de".to_owned()], &site, "es"), "es");
}

#[wasm_bindgen_test]
fn contrast_picks_readable_text_for_brand_colours() {
    assert_eq!(text_on(Rgb::parse("#ffd400").unwrap()), INK);
    assert_eq!(text_on(Rgb::parse("#1f6feb").unwrap()), WHITE);
    for brand in [
        "#ffd400", "#1f6feb", "#777777", "#00ff00", "#000000", "#ffffff", "#e0531f",
    ] {
        let theme = Theme::new(Rgb::parse(brand).unwrap());
        for (fg, bg) in theme.pairs() {
            assert!(contrast(fg, bg) >= AA_TEXT, "{brand}: {fg:?} on {bg:?}");
        }
        assert!(contrast(theme.accent_dark, DARK_BG) >= AA_TEXT, "{brand}");
    }
}

#[wasm_bindgen_test]
fn stale_search_responses_are_dropped() {
    let mut latest = Latest::default();
    let first = latest.issue();
    let second = latest.issue();
    assert!(
        !latest.is_current(first),
        "an older query's answer must not render"
    );
    assert!(latest.is_current(second));
}

#[wasm_bindgen_test]
fn vote_state_machine() {
    let (sending, send) = VoteState::Open.press(true);
    assert!(send);
    assert_eq!(sending.settle(true), VoteState::Saved { helpful: true });
    assert_eq!(sending.settle(false), VoteState::Failed { helpful: true });
    let saved = VoteState::Saved { helpful: true };
    assert!(!saved.press(true).1, "the same answer is not sent twice");
    assert_eq!(saved.press(false).0, VoteState::Sending { helpful: false });
}

#[wasm_bindgen_test]
fn keyboard_and_link_helpers() {
    assert_eq!(next_active(None, 2, true), Some(0));
    assert_eq!(next_active(Some(1), 2, true), Some(0));
    assert_eq!(next_active(Some(0), 2, false), Some(1));
    assert_eq!(
        article_link("/help/demo/en/billing", "demo"),
        Some(("en".into(), "billing".into()))
    );
    assert_eq!(article_link("/help/other/en/billing", "demo"), None);
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &JsValue::from_str(key), value).unwrap();
    }
    object.into()
}

#[wasm_bindgen_test]
fn parses_host_messages() {
    let ayuda = ("ayuda", JsValue::from_f64(1.0));
    let search = object(&[
        ayuda.clone(),
        ("type", "search".into()),
        ("text", "factura".into()),
        ("id", JsValue::from_f64(7.0)),
    ]);
    let envelope = parse_message(&search).unwrap();
    assert_eq!(envelope.id, Some(7.0));
    assert_eq!(
        envelope.message,
        HostMessage::Search {
            text: "factura".into()
        }
    );

    let tags = Array::of2(&"billing".into(), &JsValue::from_f64(3.0));
    let context = object(&[
        ("url", "https://app.test/pay".into()),
        ("route", JsValue::NULL),
        ("tags", tags.into()),
    ]);
    let init = object(&[
        ayuda.clone(),
        ("type", "init".into()),
        ("locale", JsValue::NULL),
        ("color", "#ffd400".into()),
        ("context", context),
        ("user", JsValue::NULL),
    ]);
    match parse_message(&init).unwrap().message {
        HostMessage::Init {
            locale,
            color,
            context,
            user,
            config,
        } => {
            assert_eq!(config, None, "no config: the frame fetches its own");
            assert_eq!(locale, None);
            assert_eq!(color.as_deref(), Some("#ffd400"));
            assert_eq!(context.url.as_deref(), Some("https://app.test/pay"));
            assert_eq!(context.route, None);
            assert_eq!(
                context.tags,
                vec!["billing".to_owned()],
                "non-strings are dropped"
            );
            assert_eq!(user, None);
        }
        other => panic!("{other:?}"),
    }

    // The loader's config rides along in `init`; a malformed one is ignored (the frame then
    // fetches its own).
    let locales = Array::of2(&"es".into(), &"en".into());
    let config = object(&[
        ("key", "demo".into()),
        ("name", "Facturo".into()),
        ("default_locale", "es".into()),
        ("locales", locales.into()),
        ("brand_color", "#0a7d5a".into()),
    ]);
    let with_config = object(&[ayuda.clone(), ("type", "init".into()), ("config", config)]);
    match parse_message(&with_config).unwrap().message {
        HostMessage::Init { config, .. } => {
            let config = config.expect("the loader's config is used");
            assert_eq!(config.name, "Facturo");
            assert_eq!(config.locales, vec!["es".to_owned(), "en".to_owned()]);
        }
        other => panic!("{other:?}"),
    }
    let bad_config = object(&[
        ayuda.clone(),
        ("type", "init".into()),
        ("config", object(&[("name", JsValue::from_f64(3.0))])),
    ]);
    match parse_message(&bad_config).unwrap().message {
        HostMessage::Init { config, .. } => assert_eq!(config, None),
        other => panic!("{other:?}"),
    }

    // Not ours: no `ayuda: 1`, wrong version, not an object.
    assert!(parse_message(&object(&[("type", "open".into())])).is_none());
    assert!(
        parse_message(&object(&[
            ("ayuda", JsValue::from_f64(2.0)),
            ("type", "open".into())
        ]))
        .is_none()
    );
    assert!(parse_message(&JsValue::from_str("{\"ayuda\":1}")).is_none());
    let unknown = object(&[ayuda, ("type", "dance".into())]);
    assert_eq!(
        parse_message(&unknown).unwrap().message,
        HostMessage::Unknown
    );
}

#[wasm_bindgen_test]
fn frame_url_and_origin_checks() {
    let params = FrameParams::from_query(
        "?site=demo&parent=https%3A%2F%2Fapp.test&locale=en&color=%23ffd400",
    );
    assert_eq!(params.site, "demo");
    assert_eq!(params.parent.as_deref(), Some("https://app.test"));
    assert_eq!(params.locale.as_deref(), Some("en"));
    assert_eq!(params.color.as_deref(), Some("#ffd400"));
    // A parent that is not an origin is never used as a postMessage target.
    assert_eq!(FrameParams::from_query("?site=demo&parent=*").parent, None);
    assert_eq!(
        FrameParams::from_query("?site=demo&parent=https%3A%2F%2Fa.test%2Fx").parent,
        None
    );

    assert!(accepts(Some("https://app.test"), "https://app.test", true));
    assert!(!accepts(
        Some("https://app.test"),
        "https://evil.test",
        true
    ));
    assert!(!accepts(
        Some("https://app.test"),
        "https://app.test",
        false
    ));
}

/// What the panel and the desk module say to each other survives the trip through JS, and
/// anything else is refused.
#[wasm_bindgen_test]
fn the_desk_link_messages_round_trip() {
    use ayuda_widget::bridge::{HostContext, HostUser};
    use ayuda_widget::link::{
        context_message, decode_to_panel, decode_view, deflected_message, encode_to_panel,
        encode_view, identify_message, locale_message, parse_deflected,
    };
    use ayuda_widget::view::{Go, ToPanel, View};

    let views = [
        View::Home,
        View::Article {
            slug: "pagos".into(),
            locale: "es".into(),
        },
        View::Contact,
        View::Conversations,
        View::Thread { id: "T-1".into() },
    ];
    for view in &views {
        assert_eq!(decode_view(&encode_view(view).into()).as_ref(), Some(view));
    }
    let messages = [
        ToPanel::Go(Go::To(View::Thread { id: "T-9".into() })),
        ToPanel::Go(Go::Restart(View::Contact)),
        ToPanel::Go(Go::Home),
        ToPanel::Go(Go::Article {
            slug: "iva".into(),
            locale: "en".into(),
        }),
        ToPanel::Inbox {
            count: 3,
            unread: 12,
        },
    ];
    for message in &messages {
        assert_eq!(
            decode_to_panel(&encode_to_panel(message).into()).as_ref(),
            Some(message)
        );
    }
    // Malformed messages are dropped, never half-applied.
    let bad = Object::new();
    Reflect::set(&bad, &"type".into(), &"inbox".into()).unwrap();
    Reflect::set(&bad, &"count".into(), &JsValue::from_f64(-1.0)).unwrap();
    Reflect::set(&bad, &"unread".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    assert_eq!(decode_to_panel(&bad.into()), None);
    let bad = Object::new();
    Reflect::set(&bad, &"type".into(), &"go".into()).unwrap();
    Reflect::set(&bad, &"go".into(), &"to".into()).unwrap();
    Reflect::set(&bad, &"view".into(), &"thread".into()).unwrap();
    assert_eq!(decode_to_panel(&bad.into()), None, "a thread needs its id");
    assert_eq!(decode_to_panel(&JsValue::from_str("go")), None);
    assert_eq!(decode_view(&JsValue::NULL), None);

    // The session goes over as host messages the desk parses like the loader's.
    let user = HostUser {
        user_id: Some("u1".into()),
        user_hash: Some("abc".into()),
        name: Some("Ana".into()),
        email: None,
        company: Some("ACME".into()),
    };
    let parsed = parse_message(&identify_message(Some(&user)).into()).unwrap();
    assert_eq!(parsed.message, HostMessage::Identify { user: Some(user) });
    let parsed = parse_message(&identify_message(None).into()).unwrap();
    assert_eq!(parsed.message, HostMessage::Identify { user: None });
    let context = HostContext {
        url: Some("https://app.example/facturas".into()),
        route: Some("/facturas".into()),
        tags: vec!["billing".into()],
        app_version: Some("2.1".into()),
    };
    let parsed = parse_message(&context_message(&context).into()).unwrap();
    assert_eq!(parsed.message, HostMessage::Context { context });
    let parsed = parse_message(&locale_message("en").into()).unwrap();
    assert_eq!(
        parsed.message,
        HostMessage::Locale {
            locale: Some("en".into())
        }
    );
    let deflected = deflected_message("pagos", "es");
    assert_eq!(
        parse_deflected(&deflected.clone().into()),
        Some(("pagos".into(), "es".into()))
    );
    assert_eq!(parse_deflected(&locale_message("es").into()), None);
}
