//! The support settings' form: its state ([`HoursForm`]: one signal per field, rows with
//! stable ids so that typing never redraws a row) and the week: the time zone, each weekday's
//! opening periods (a fieldset per day, periods added and removed) and the holidays.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use ayuda_api::{Category, Level};
use leptos::prelude::*;

use super::super::staff::focus_soon;
use super::shared::FieldError;
use crate::api::settings::{AutoReply, Hours, SlaPolicy, SupportSettings, Targets};
use crate::i18n::{
    SettingsText as S, hours_problem, period_label, remove_holiday_label, remove_period_label,
    weekday_name,
};
use crate::settings_hours::{
    self as hours, HoursProblem, PeriodText, TIME_ZONES, date_ok, day_for_form, format_duration,
    percent, share, target_minutes, with_holiday,
};
use crate::settings_rules::desk_key_ok;
use crate::state::Console;

/// A new id for a row, unique in the page's life.
pub fn row_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// One opening period.
#[derive(Clone, Copy)]
pub struct PeriodRow {
    pub id: u64,
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
}

impl PeriodRow {
    fn new(from: &str, to: &str) -> Self {
        PeriodRow {
            id: row_id(),
            from: RwSignal::new(from.to_owned()),
            to: RwSignal::new(to.to_owned()),
        }
    }
}

/// One contact-form category; names in languages the form does not show are kept as they were.
#[derive(Clone, Copy)]
pub struct CategoryRow {
    pub id: u64,
    pub key: RwSignal<String>,
    pub es: RwSignal<String>,
    pub en: RwSignal<String>,
    pub others: StoredValue<BTreeMap<String, String>>,
}

impl CategoryRow {
    pub fn new(category: &Category) -> Self {
        let mut others = category.labels.clone();
        let es = others.remove("es").unwrap_or_default();
        let en = others.remove("en").unwrap_or_default();
        CategoryRow {
            id: row_id(),
            key: RwSignal::new(category.key.clone()),
            es: RwSignal::new(es),
            en: RwSignal::new(en),
            others: StoredValue::new(others),
        }
    }
}

/// Every field of a site's support settings.
#[derive(Clone, Copy)]
pub struct HoursForm {
    pub time_zone: RwSignal<String>,
    /// Monday first.
    pub week: [RwSignal<Vec<PeriodRow>>; 7],
    pub holidays: RwSignal<Vec<String>>,
    /// `[first response, resolution][L1, L2, L3]`, as typed (`1h 30m`).
    pub targets: [[RwSignal<String>; 3]; 2],
    pub categories: RwSignal<Vec<CategoryRow>>,
    pub auto_enabled: RwSignal<bool>,
    /// Percent.
    pub auto_confidence: RwSignal<String>,
    pub auto_max: RwSignal<String>,
    /// What the last Save found wrong.
    pub problem: RwSignal<Option<HoursProblem>>,
    /// The settings as loaded or saved last, to tell unsaved changes.
    pub saved: RwSignal<Option<SupportSettings>>,
}

impl HoursForm {
    pub fn new() -> Self {
        let text = || RwSignal::new(String::new());
        HoursForm {
            time_zone: text(),
            week: std::array::from_fn(|_| RwSignal::new(Vec::new())),
            holidays: RwSignal::new(Vec::new()),
            targets: [[text(), text(), text()], [text(), text(), text()]],
            categories: RwSignal::new(Vec::new()),
            auto_enabled: RwSignal::new(true),
            auto_confidence: text(),
            auto_max: text(),
            problem: RwSignal::new(None),
            saved: RwSignal::new(None),
        }
    }

    /// Shows `settings`.
    pub fn fill(self, settings: &SupportSettings) {
        self.time_zone.set(settings.hours.time_zone.clone());
        for (signal, day) in self.week.iter().zip(&settings.hours.weekly) {
            let rows = day_for_form(day)
                .iter()
                .map(|period| PeriodRow::new(&period.from, &period.to))
                .collect();
            signal.set(rows);
        }
        self.holidays.set(settings.hours.holidays.clone());
        for (row, targets) in self
            .targets
            .iter()
            .zip([settings.sla.first_response, settings.sla.resolution])
        {
            for (signal, level) in row.iter().zip(Level::ALL) {
                signal.set(format_duration(targets.get(level)));
            }
        }
        self.categories
            .set(settings.categories.iter().map(CategoryRow::new).collect());
        self.auto_enabled.set(settings.auto_reply.enabled);
        self.auto_confidence
            .set(percent(settings.auto_reply.min_confidence));
        self.auto_max
            .set(settings.auto_reply.max_articles.to_string());
        self.problem.set(None);
        self.saved.set(Some(settings.clone()));
    }

    /// The settings the form holds (tracked), or the first problem in the page's order.
    pub fn collect(self) -> Result<SupportSettings, HoursProblem> {
        let time_zone = self.time_zone.get().trim().to_owned();
        if time_zone.is_empty() {
            return Err(HoursProblem::TimeZone);
        }
        let mut weekly: [Vec<(String, String)>; 7] = Default::default();
        for (day, (signal, out)) in self.week.iter().zip(weekly.iter_mut()).enumerate() {
            let rows = signal.get();
            let periods: Vec<PeriodText> = rows
                .iter()
                .map(|row| PeriodText {
                    from: row.from.get(),
                    to: row.to.get(),
                })
                .collect();
            *out = hours::check_day(&periods).map_err(|problem| HoursProblem::Period {
                day,
                row: rows.get(problem.index).map_or(0, |row| row.id),
                fault: problem.kind,
            })?;
        }
        let mut sla = [Targets::default(); 2];
        for (kind, (row, targets)) in self.targets.iter().zip(sla.iter_mut()).enumerate() {
            for (index, (signal, level)) in row.iter().zip(Level::ALL).enumerate() {
                let minutes = target_minutes(&signal.get()).ok_or(HoursProblem::Target {
                    resolution: kind == 1,
                    level: index,
                })?;
                targets.set(level, minutes);
            }
        }
        let mut categories = Vec::new();
        for row in self.categories.get() {
            let key = row.key.get().trim().to_owned();
            if !desk_key_ok(&key) {
                return Err(HoursProblem::CategoryKey(row.id));
            }
            if categories.iter().any(|c: &Category| c.key == key) {
                return Err(HoursProblem::DuplicateCategory(row.id));
            }
            let mut labels = row.others.get_value();
            for (tag, signal) in [("es", row.es), ("en", row.en)] {
                let label = signal.get().trim().to_owned();
                if label.chars().count() > 100 {
                    return Err(HoursProblem::CategoryLabel(row.id));
                }
                if !label.is_empty() {
                    labels.insert(tag.to_owned(), label);
                }
            }
            if labels.is_empty() {
                return Err(HoursProblem::CategoryLabel(row.id));
            }
            categories.push(Category { key, labels });
        }
        let min_confidence = share(&self.auto_confidence.get()).ok_or(HoursProblem::Confidence)?;
        let max_articles = self
            .auto_max
            .get()
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= 10)
            .ok_or(HoursProblem::MaxArticles)?;
        Ok(SupportSettings {
            hours: Hours {
                time_zone,
                weekly,
                holidays: self.holidays.get(),
            },
            sla: SlaPolicy {
                first_response: sla[0],
                resolution: sla[1],
            },
            categories,
            auto_reply: AutoReply {
                enabled: self.auto_enabled.get(),
                min_confidence,
                max_articles,
            },
        })
    }

    /// [`HoursForm::collect`], untracked (for handlers).
    pub fn collect_untracked(self) -> Result<SupportSettings, HoursProblem> {
        untrack(move || self.collect())
    }

    /// The error line's text for the field `id`, while the last problem is about it.
    pub fn error_for(self, id: String) -> Signal<Option<String>> {
        let console = expect_context::<Console>();
        Signal::derive(move || {
            let problem = self.problem.get()?;
            (problem.field() == id).then(|| hours_problem(console.locale.get(), &problem))
        })
    }
}

/// `aria-describedby` for a field with an optional hint and an error line `{id}-error`.
pub fn described(
    error: Signal<Option<String>>,
    id: String,
    hint: Option<&'static str>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids: Vec<String> = hint.map(str::to_owned).into_iter().collect();
        if error.with(Option::is_some) {
            ids.push(format!("{id}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The time zone, the week's periods and the holidays.
#[component]
pub fn WeekEditor(form: HoursForm) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let zone_error = form.error_for("hours-time-zone".to_owned());
    let zones = TIME_ZONES
        .into_iter()
        .map(|zone| view! { <option value=zone></option> })
        .collect_view();
    let days = (0..7)
        .map(|day| view! { <DayPeriods form=form day=day/> })
        .collect_view();
    let copy_monday = move |_| {
        let monday: Vec<(String, String)> = form.week[0]
            .get_untracked()
            .iter()
            .map(|row| (row.from.get_untracked(), row.to.get_untracked()))
            .collect();
        for signal in &form.week[1..5] {
            signal.set(
                monday
                    .iter()
                    .map(|(from, to)| PeriodRow::new(from, to))
                    .collect(),
            );
        }
    };
    view! {
        <section class="block" aria-labelledby="week-heading">
            <h3 id="week-heading">{move || s(S::BusinessHours)}</h3>
            <div class="field zone-field">
                <label for="hours-time-zone">{move || s(S::TimeZone)}</label>
                <input
                    id="hours-time-zone"
                    list="time-zones"
                    autocomplete="off"
                    spellcheck="false"
                    aria-invalid=move || zone_error.with(Option::is_some).then_some("true")
                    aria-describedby=described(zone_error, "hours-time-zone".to_owned(), Some("hours-time-zone-hint"))
                    prop:value=move || form.time_zone.get()
                    on:input=move |ev| form.time_zone.set(event_target_value(&ev))
                />
                <datalist id="time-zones">{zones}</datalist>
                <p id="hours-time-zone-hint" class="hint">{move || s(S::TimeZoneHint)}</p>
                <FieldError id="hours-time-zone-error".to_owned() text=zone_error/>
            </div>
            <p id="hours-week-hint" class="hint">{move || s(S::PeriodsHint)}</p>
            <div class="week">{days}</div>
            <div class="actions">
                <button type="button" id="copy-monday" class="button" on:click=copy_monday>
                    {move || s(S::CopyMonday)}
                </button>
            </div>
            <Holidays form=form/>
        </section>
    }
}

/// A weekday's periods: a fieldset with a row per period, and "Add a period".
#[component]
fn DayPeriods(form: HoursForm, day: usize) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let rows = form.week[day];
    let add = move |_| {
        let last_end = rows
            .with_untracked(|rows| rows.last().map(|row| row.to.get_untracked()))
            .filter(|end| !end.is_empty() && end != "00:00");
        let (from, to) = match last_end {
            Some(end) => (end, String::new()),
            None => ("09:00".to_owned(), "17:00".to_owned()),
        };
        let row = PeriodRow::new(&from, &to);
        rows.update(|rows| rows.push(row));
        focus_soon(format!("hours-{day}-{}-from", row.id));
    };
    view! {
        <fieldset id=format!("hours-day-{day}") class="day-periods">
            <legend>{move || weekday_name(console.locale.get(), day)}</legend>
            <p id=format!("hours-{day}-closed") class="empty" hidden=move || rows.with(|r| !r.is_empty())>
                {move || s(S::Closed)}
            </p>
            <ul class="periods">
                <For each=move || rows.get() key=|row| row.id let:row>
                    <PeriodLine form=form day=day row=row/>
                </For>
            </ul>
            <button type="button" id=format!("hours-{day}-add") class="button add-period" on:click=add>
                {move || s(S::AddPeriod)}
                <span class="visually-hidden">" " {move || weekday_name(console.locale.get(), day)}</span>
            </button>
        </fieldset>
    }
}

#[component]
fn PeriodLine(form: HoursForm, day: usize, row: PeriodRow) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let stem = format!("hours-{day}-{}", row.id);
    let error = form.error_for(format!("{stem}-from"));
    let from_id = format!("{stem}-from");
    let to_id = format!("{stem}-to");
    let remove = move |_| {
        let rows = form.week[day];
        rows.update(|rows| rows.retain(|r| r.id != row.id));
        focus_soon(format!("hours-{day}-add"));
    };
    view! {
        <li>
        <div class="period" role="group" aria-label=move || period_label(console.locale.get(), day)>
            <div class="field">
                <label for=from_id.clone()>{move || s(S::From)}</label>
                <input
                    type="time"
                    id=from_id.clone()
                    required
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=described(error, from_id.clone(), None)
                    prop:value=move || row.from.get()
                    on:input=move |ev| row.from.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for=to_id.clone()>{move || s(S::To)}</label>
                <input
                    type="time"
                    id=to_id.clone()
                    required
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=described(error, from_id.clone(), None)
                    prop:value=move || row.to.get()
                    on:input=move |ev| row.to.set(event_target_value(&ev))
                />
            </div>
            <button type="button" id=format!("{stem}-remove") class="button remove-period" on:click=remove>
                {move || s(S::Remove)}
                <span class="visually-hidden">
                    " " {move || remove_period_label(console.locale.get(), day, &row.from.get(), &row.to.get())}
                </span>
            </button>
            <FieldError id=format!("{stem}-from-error") text=error/>
        </div>
        </li>
    }
}

/// Holidays: dates the team is closed all day.
#[component]
fn Holidays(form: HoursForm) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let date = RwSignal::new(String::new());
    let bad = RwSignal::new(false);
    let error = Signal::derive(move || bad.get().then(|| s(S::DateRule).to_owned()));
    let add = move || {
        let typed = date.get_untracked().trim().to_owned();
        if !date_ok(&typed) {
            bad.set(true);
            focus_soon("new-holiday".to_owned());
            return;
        }
        bad.set(false);
        form.holidays
            .update(|list| *list = with_holiday(list, &typed));
        date.set(String::new());
    };
    let list = move || {
        form.holidays
            .get()
            .into_iter()
            .map(|day| {
                let gone = day.clone();
                let label = day.clone();
                view! {
                    <li data-date=day.clone()>
                        <time datetime=day.clone()>{day.clone()}</time>
                        <button
                            type="button"
                            id=format!("remove-holiday-{day}")
                            class="button remove-holiday"
                            on:click=move |_| {
                                form.holidays.update(|list| list.retain(|d| *d != gone));
                                focus_soon("new-holiday".to_owned());
                            }
                        >
                            {move || s(S::Remove)}
                            <span class="visually-hidden">
                                " " {move || remove_holiday_label(console.locale.get(), &label)}
                            </span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset id="holidays" class="holidays">
            <legend>{move || s(S::Holidays)}</legend>
            <p id="holidays-empty" class="empty" hidden=move || form.holidays.with(|h| !h.is_empty())>
                {move || s(S::NoHolidays)}
            </p>
            <ul id="holiday-list" class="holiday-list">{list}</ul>
            <div class="inline-add">
                <div class="field">
                    <label for="new-holiday">{move || s(S::NewHoliday)}</label>
                    <input
                        type="date"
                        id="new-holiday"
                        aria-invalid=move || bad.get().then_some("true")
                        aria-describedby=move || bad.get().then_some("new-holiday-error")
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev))
                        on:keydown=move |ev| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                add();
                            }
                        }
                    />
                </div>
                <button type="button" id="add-holiday" class="button" on:click=move |_| add()>
                    {move || s(S::AddHoliday)}
                </button>
            </div>
            <FieldError id="new-holiday-error".to_owned() text=error/>
        </fieldset>
    }
}
