//! The strings of the dashboard, in Spanish and English: one [`pair`] for the
//! fixed ones (reached through `Text::Dashboard`), functions for those with numbers or names.

use super::locale::Locale;

/// A string of the dashboard. Add a variant and the compiler asks for both
/// translations in [`pair`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DashboardText {
    Dashboard,
    Filters,
    Period,
    CustomDates,
    FromDay,
    ToDay,
    Site,
    DefaultSite,
    Team,
    AllTeams,
    Agent,
    AllAgents,
    ClearFilters,
    PeriodOrder,
    PeriodTooLong,
    MetricsFailed,
    Forbidden,
    SitesFailed,
    AgentsFailed,
    NotOnServer,
    Summary,
    Volume,
    Speed,
    Quality,
    SelfService,
    Tickets,
    FirstResponseMedianBusiness,
    FirstResponseP90Business,
    FirstResponseMedianCalendar,
    FirstResponseP90Calendar,
    ResolutionMedianBusiness,
    ResolutionP90Business,
    ResolutionMedianCalendar,
    ResolutionP90Calendar,
    SlaCompliance,
    Csat,
    FirstContactResolution,
    HandleTime,
    DeflectionRate,
    Backlog,
    BacklogNote,
    ArticleViews,
    Helpfulness,
    Better,
    Worse,
    NoComparison,
    ChangeLabel,
    Charts,
    VolumeChart,
    FirstResponseChart,
    ResolutionChart,
    QualityChart,
    ShowTable,
    HideTable,
    DownloadCsv,
    Downloaded,
    MeasuredIn,
    BusinessHours,
    CalendarTime,
    Median,
    P90,
    Day,
    Total,
    TicketsUnit,
    Legend,
    Breakdown,
    ByTeam,
    ByAgent,
    TeamsCaption,
    AgentsCaption,
    NoTeams,
    NoAgents,
    NoTicketsInPeriod,
    Forecast,
    ForecastFailed,
    ForecastIntro,
    HeatmapChart,
    ForecastDaysChart,
    Weekday,
    Hour,
    Expected,
    Accuracy,
    MaePerHour,
    MapePerDay,
    WeeksTested,
    AccuracyNote,
    Fewer,
    More,
    NotEnoughHistory,
    Scroll,
    Up,
    Down,
    Unchanged,
    AllTimeNote,
    NoHistory,
    NothingToCompare,
}

impl DashboardText {
    /// Every variant, for the test that checks each has two translations.
    pub const ALL: [DashboardText; 96] = [
        DashboardText::Dashboard,
        DashboardText::Filters,
        DashboardText::Period,
        DashboardText::CustomDates,
        DashboardText::FromDay,
        DashboardText::ToDay,
        DashboardText::Site,
        DashboardText::DefaultSite,
        DashboardText::Team,
        DashboardText::AllTeams,
        DashboardText::Agent,
        DashboardText::AllAgents,
        DashboardText::ClearFilters,
        DashboardText::PeriodOrder,
        DashboardText::PeriodTooLong,
        DashboardText::MetricsFailed,
        DashboardText::Forbidden,
        DashboardText::SitesFailed,
        DashboardText::AgentsFailed,
        DashboardText::NotOnServer,
        DashboardText::Summary,
        DashboardText::Volume,
        DashboardText::Speed,
        DashboardText::Quality,
        DashboardText::SelfService,
        DashboardText::Tickets,
        DashboardText::FirstResponseMedianBusiness,
        DashboardText::FirstResponseP90Business,
        DashboardText::FirstResponseMedianCalendar,
        DashboardText::FirstResponseP90Calendar,
        DashboardText::ResolutionMedianBusiness,
        DashboardText::ResolutionP90Business,
        DashboardText::ResolutionMedianCalendar,
        DashboardText::ResolutionP90Calendar,
        DashboardText::SlaCompliance,
        DashboardText::Csat,
        DashboardText::FirstContactResolution,
        DashboardText::HandleTime,
        DashboardText::DeflectionRate,
        DashboardText::Backlog,
        DashboardText::BacklogNote,
        DashboardText::ArticleViews,
        DashboardText::Helpfulness,
        DashboardText::Better,
        DashboardText::Worse,
        DashboardText::NoComparison,
        DashboardText::ChangeLabel,
        DashboardText::Charts,
        DashboardText::VolumeChart,
        DashboardText::FirstResponseChart,
        DashboardText::ResolutionChart,
        DashboardText::QualityChart,
        DashboardText::ShowTable,
        DashboardText::HideTable,
        DashboardText::DownloadCsv,
        DashboardText::Downloaded,
        DashboardText::MeasuredIn,
        DashboardText::BusinessHours,
        DashboardText::CalendarTime,
        DashboardText::Median,
        DashboardText::P90,
        DashboardText::Day,
        DashboardText::Total,
        DashboardText::TicketsUnit,
        DashboardText::Legend,
        DashboardText::Breakdown,
        DashboardText::ByTeam,
        DashboardText::ByAgent,
        DashboardText::TeamsCaption,
        DashboardText::AgentsCaption,
        DashboardText::NoTeams,
        DashboardText::NoAgents,
        DashboardText::NoTicketsInPeriod,
        DashboardText::Forecast,
        DashboardText::ForecastFailed,
        DashboardText::ForecastIntro,
        DashboardText::HeatmapChart,
        DashboardText::ForecastDaysChart,
        DashboardText::Weekday,
        DashboardText::Hour,
        DashboardText::Expected,
        DashboardText::Accuracy,
        DashboardText::MaePerHour,
        DashboardText::MapePerDay,
        DashboardText::WeeksTested,
        DashboardText::AccuracyNote,
        DashboardText::Fewer,
        DashboardText::More,
        DashboardText::NotEnoughHistory,
        DashboardText::Scroll,
        DashboardText::Up,
        DashboardText::Down,
        DashboardText::Unchanged,
        DashboardText::AllTimeNote,
        DashboardText::NoHistory,
        DashboardText::NothingToCompare,
    ];
}

/// (Spanish, English).
pub fn pair(text: DashboardText) -> (&'static str, &'static str) {
    use DashboardText as D;
    match text {
        D::Dashboard => ("Panel de métricas", "Dashboard"),
        D::Filters => ("Periodo y desglose", "Period and breakdown"),
        D::Period => ("Periodo", "Period"),
        D::CustomDates => ("Fechas a elegir", "Custom dates"),
        D::FromDay => ("Desde", "From"),
        D::ToDay => ("Hasta (incluido)", "To (included)"),
        D::Site => ("Sitio", "Site"),
        D::DefaultSite => ("Sitio predeterminado", "Default site"),
        D::Team => ("Equipo", "Team"),
        D::AllTeams => ("Todos los equipos", "All teams"),
        D::Agent => ("Agente", "Agent"),
        D::AllAgents => ("Todos los agentes", "All agents"),
        D::ClearFilters => (
            "Quitar sitio, equipo y agente",
            "Clear site, team and agent",
        ),
        D::PeriodOrder => (
            "La fecha «Hasta» es anterior a «Desde». Corrige una de las dos.",
            "The “To” date is before “From”. Correct one of them.",
        ),
        D::PeriodTooLong => (
            "El periodo puede abarcar diez años como mucho.",
            "The period can span ten years at most.",
        ),
        D::MetricsFailed => (
            "No se pudieron cargar las métricas.",
            "Could not load the metrics.",
        ),
        D::Forbidden => (
            "Solo los agentes y las personas administradoras pueden ver el panel de métricas.",
            "Only agents and admins can see the dashboard.",
        ),
        D::SitesFailed => (
            "No se pudo cargar la lista de sitios: se muestra el sitio predeterminado.",
            "Could not load the sites: the default site is shown.",
        ),
        D::AgentsFailed => (
            "No se pudo cargar la lista de agentes: se muestran sus números.",
            "Could not load the agents: their numbers are shown instead.",
        ),
        D::NotOnServer => (
            "Este servidor todavía no ofrece este dato.",
            "This server does not offer this yet.",
        ),
        D::Summary => ("Resumen", "Summary"),
        D::Volume => ("Volumen", "Volume"),
        D::Speed => ("Tiempos", "Speed"),
        D::Quality => ("Calidad", "Quality"),
        D::SelfService => ("Autoservicio", "Self-service"),
        D::Tickets => ("Tickets", "Tickets"),
        D::FirstResponseMedianBusiness => (
            "Primera respuesta, mediana (horario laboral)",
            "First response, median (business hours)",
        ),
        D::FirstResponseP90Business => (
            "Primera respuesta, percentil 90 (horario laboral)",
            "First response, 90th percentile (business hours)",
        ),
        D::FirstResponseMedianCalendar => (
            "Primera respuesta, mediana (tiempo natural)",
            "First response, median (calendar time)",
        ),
        D::FirstResponseP90Calendar => (
            "Primera respuesta, percentil 90 (tiempo natural)",
            "First response, 90th percentile (calendar time)",
        ),
        D::ResolutionMedianBusiness => (
            "Resolución, mediana (horario laboral)",
            "Resolution, median (business hours)",
        ),
        D::ResolutionP90Business => (
            "Resolución, percentil 90 (horario laboral)",
            "Resolution, 90th percentile (business hours)",
        ),
        D::ResolutionMedianCalendar => (
            "Resolución, mediana (tiempo natural)",
            "Resolution, median (calendar time)",
        ),
        D::ResolutionP90Calendar => (
            "Resolución, percentil 90 (tiempo natural)",
            "Resolution, 90th percentile (calendar time)",
        ),
        D::SlaCompliance => ("Cumplimiento del SLA", "SLA compliance"),
        D::Csat => ("Satisfacción (CSAT)", "Satisfaction (CSAT)"),
        D::FirstContactResolution => ("Resolución al primer contacto", "First-contact resolution"),
        D::HandleTime => ("Tiempo medio de gestión", "Average handle time"),
        D::DeflectionRate => ("Tasa de autoservicio", "Deflection rate"),
        D::Backlog => ("Pendientes ahora", "Backlog now"),
        D::BacklogNote => (
            "Tickets sin resolver en este momento; no se compara.",
            "Unsolved tickets right now; not compared.",
        ),
        D::ArticleViews => ("Visitas a artículos", "Article views"),
        D::Helpfulness => ("Artículos útiles", "Article helpfulness"),
        D::Better => ("mejor", "better"),
        D::Worse => ("peor", "worse"),
        D::NoComparison => (
            "Sin datos del periodo anterior para comparar.",
            "No data from the previous period to compare.",
        ),
        D::ChangeLabel => (
            "Cambio frente al periodo anterior",
            "Change from the previous period",
        ),
        D::Charts => ("Evolución diaria", "Day by day"),
        D::VolumeChart => ("Tickets por día y nivel", "Tickets per day by level"),
        D::FirstResponseChart => (
            "Tiempo de primera respuesta por día",
            "First-response time per day",
        ),
        D::ResolutionChart => ("Tiempo de resolución por día", "Resolution time per day"),
        D::QualityChart => (
            "Cumplimiento del SLA y CSAT por día",
            "SLA compliance and CSAT per day",
        ),
        D::ShowTable => ("Ver tabla", "Show table"),
        D::HideTable => ("Ocultar tabla", "Hide table"),
        D::DownloadCsv => ("Descargar CSV", "Download CSV"),
        D::Downloaded => ("Archivo CSV descargado.", "CSV file downloaded."),
        D::MeasuredIn => ("Tiempos medidos en", "Times measured in"),
        D::BusinessHours => ("Horario laboral", "Business hours"),
        D::CalendarTime => ("Tiempo natural", "Calendar time"),
        D::Median => ("Mediana", "Median"),
        D::P90 => ("Percentil 90", "90th percentile"),
        D::Day => ("Día", "Day"),
        D::Total => ("Total", "Total"),
        D::TicketsUnit => ("tickets", "tickets"),
        D::Legend => ("Leyenda", "Legend"),
        D::Breakdown => ("Por equipo y por agente", "By team and by agent"),
        D::ByTeam => ("Por equipo", "By team"),
        D::ByAgent => ("Por agente", "By agent"),
        D::TeamsCaption => (
            "Métricas de cada equipo en el periodo",
            "Each team's metrics over the period",
        ),
        D::AgentsCaption => (
            "Métricas de cada agente en el periodo",
            "Each agent's metrics over the period",
        ),
        D::NoTeams => (
            "Ningún ticket del periodo tiene equipo asignado.",
            "No ticket in the period has a team.",
        ),
        D::NoAgents => (
            "Ningún ticket del periodo tiene agente asignado.",
            "No ticket in the period has an agent.",
        ),
        D::NoTicketsInPeriod => (
            "No hubo tickets en este periodo.",
            "There were no tickets in this period.",
        ),
        D::Forecast => (
            "Previsión para la próxima semana",
            "Forecast for the coming week",
        ),
        D::ForecastFailed => (
            "No se pudo cargar la previsión.",
            "Could not load the forecast.",
        ),
        D::ForecastIntro => (
            "Tickets esperados por día y hora, según las semanas anteriores.",
            "Expected tickets per day and hour, from the past weeks.",
        ),
        D::HeatmapChart => (
            "Tickets esperados por día de la semana y hora",
            "Expected tickets by weekday and hour",
        ),
        D::ForecastDaysChart => ("Tickets esperados por día", "Expected tickets per day"),
        D::Weekday => ("Día de la semana", "Weekday"),
        D::Hour => ("Hora", "Hour"),
        D::Expected => ("Tickets esperados", "Expected tickets"),
        D::Accuracy => ("Acierto en semanas pasadas", "Accuracy on past weeks"),
        D::MaePerHour => (
            "Error absoluto medio por hora",
            "Mean absolute error per hour",
        ),
        D::MapePerDay => (
            "Error porcentual medio por día",
            "Mean absolute percentage error per day",
        ),
        D::WeeksTested => ("Semanas comprobadas", "Weeks tested"),
        D::AccuracyNote => (
            "Cada semana pasada se predijo con las anteriores y se comparó con lo que llegó.",
            "Each past week was predicted from the weeks before it and compared with what came in.",
        ),
        D::Fewer => ("menos", "fewer"),
        D::More => ("más", "more"),
        D::NotEnoughHistory => (
            "Aún no hay semanas suficientes para comprobar la previsión.",
            "There are not enough weeks yet to test the forecast.",
        ),
        D::Up => ("Sube", "Up"),
        D::Down => ("Baja", "Down"),
        D::Unchanged => ("Sin cambios", "No change"),
        D::AllTimeNote => (
            "Desde el principio (el servidor solo guarda el total); no se compara.",
            "Since the start (the server keeps only the total); not compared.",
        ),
        D::NoHistory => (
            "Aún no hay semanas anteriores con tickets: no hay de dónde prever.",
            "There are no past weeks with tickets yet: nothing to forecast from.",
        ),
        D::NothingToCompare => (
            "Falta la cifra de uno de los dos periodos: no se compara.",
            "One of the two periods has no figure: not compared.",
        ),
        D::Scroll => (
            "Mapa de calor (desplázate en horizontal)",
            "Heatmap (scroll sideways)",
        ),
    }
}

/// The period shown and what it is compared with.
pub fn period_compared(
    locale: Locale,
    (from, to): (&str, &str),
    (before_from, before_to): (&str, &str),
    days: i64,
) -> String {
    let plural = if days == 1 { "" } else { "s" };
    match locale {
        Locale::Es => format!(
            "Del {from} al {to} ({days} día{plural}), comparado con el periodo anterior: del {before_from} al {before_to}."
        ),
        Locale::En => format!(
            "{from} to {to} ({days} day{plural}), compared with the previous period: {before_from} to {before_to}."
        ),
    }
}

/// "Days and hours in the Europe/Madrid time zone."
pub fn time_zone_note(locale: Locale, zone: &str) -> String {
    match locale {
        Locale::Es => format!("Días y horas en la zona horaria {zone}."),
        Locale::En => format!("Days and hours in the {zone} time zone."),
    }
}

/// "Previous period: 280".
pub fn previous_value(locale: Locale, value: &str) -> String {
    match locale {
        Locale::Es => format!("Periodo anterior: {value}"),
        Locale::En => format!("Previous period: {value}"),
    }
}

/// "12 of 16 votes helpful".
pub fn helpful_of(locale: Locale, helpful: u64, votes: u64) -> String {
    match (locale, votes) {
        (Locale::Es, 1) => format!("{helpful} de 1 voto útil"),
        (Locale::Es, _) => format!("{helpful} de {votes} votos útiles"),
        (Locale::En, 1) => format!("{helpful} of 1 vote helpful"),
        (Locale::En, _) => format!("{helpful} of {votes} votes helpful"),
    }
}

/// The volume chart's summary.
pub fn volume_summary(
    locale: Locale,
    total: &str,
    levels: [&str; 3],
    busiest: Option<(&str, &str)>,
) -> String {
    let [l1, l2, l3] = levels;
    let busiest = match (locale, busiest) {
        (_, None) => String::new(),
        (Locale::Es, Some((day, count))) => format!(" El día con más fue el {day}: {count}."),
        (Locale::En, Some((day, count))) => format!(" The busiest day was {day}: {count}."),
    };
    match locale {
        Locale::Es => format!(
            "Gráfico de barras apiladas: {total} tickets en el periodo (L1 {l1}, L2 {l2}, L3 {l3}).{busiest}"
        ),
        Locale::En => format!(
            "Stacked bar chart: {total} tickets in the period (L1 {l1}, L2 {l2}, L3 {l3}).{busiest}"
        ),
    }
}

/// A time chart's summary: its title and the period's median and 90th percentile.
pub fn time_summary(locale: Locale, title: &str, clock: &str, median: &str, p90: &str) -> String {
    match locale {
        Locale::Es => format!(
            "Gráfico de líneas, {title} ({clock}). En todo el periodo: mediana {median}, percentil 90 {p90}."
        ),
        Locale::En => format!(
            "Line chart, {title} ({clock}). Over the whole period: median {median}, 90th percentile {p90}."
        ),
    }
}

/// The quality chart's summary.
pub fn quality_summary(locale: Locale, sla: &str, csat: &str) -> String {
    match locale {
        Locale::Es => format!(
            "Gráfico de líneas, porcentaje por día. En todo el periodo: cumplimiento del SLA {sla}, CSAT {csat}."
        ),
        Locale::En => format!(
            "Line chart, percentage per day. Over the whole period: SLA compliance {sla}, CSAT {csat}."
        ),
    }
}

/// The heatmap's summary.
pub fn heatmap_summary(locale: Locale, total: &str, busiest: Option<(&str, &str, &str)>) -> String {
    let busiest = match (locale, busiest) {
        (_, None) => String::new(),
        (Locale::Es, Some((day, hour, value))) => {
            format!(" La hora con más: {day} a las {hour}, {value}.")
        }
        (Locale::En, Some((day, hour, value))) => {
            format!(" The busiest hour: {day} at {hour}, {value}.")
        }
    };
    match locale {
        Locale::Es => format!(
            "Mapa de calor de 7 días por 24 horas, con el número de tickets esperados en cada celda: {total} en la semana.{busiest}"
        ),
        Locale::En => format!(
            "Heatmap of 7 days by 24 hours, with the expected tickets written in each cell: {total} over the week.{busiest}"
        ),
    }
}

/// The expected days chart's summary.
pub fn forecast_days_summary(locale: Locale, total: &str, days: &[(String, String)]) -> String {
    let list: Vec<String> = days
        .iter()
        .map(|(day, value)| format!("{day} {value}"))
        .collect();
    match locale {
        Locale::Es => format!(
            "Gráfico de barras: {total} tickets esperados en la semana; {}.",
            list.join(", ")
        ),
        Locale::En => format!(
            "Bar chart: {total} tickets expected over the week; {}.",
            list.join(", ")
        ),
    }
}

/// "Week of Monday 14 Dec 2026 to Sunday 20 Dec 2026: 312 tickets expected."
pub fn forecast_week(locale: Locale, monday: &str, sunday: &str, total: &str) -> String {
    match locale {
        Locale::Es => {
            format!("Semana del lunes {monday} al domingo {sunday}: {total} tickets esperados.")
        }
        Locale::En => {
            format!("Week of Monday {monday} to Sunday {sunday}: {total} tickets expected.")
        }
    }
}

/// "From the last 8 weeks; hours in UTC."
pub fn forecast_basis(locale: Locale, weeks: u32, zone: &str) -> String {
    match (locale, weeks) {
        (Locale::Es, 1) => format!("A partir de la última semana; horas en {zone}."),
        (Locale::Es, _) => format!("A partir de las últimas {weeks} semanas; horas en {zone}."),
        (Locale::En, 1) => format!("From the last week; hours in {zone}."),
        (Locale::En, _) => format!("From the last {weeks} weeks; hours in {zone}."),
    }
}

/// "±1,4 tickets".
pub fn tickets_error(locale: Locale, value: &str) -> String {
    match locale {
        Locale::Es => format!("±{value} tickets"),
        Locale::En => format!("±{value} tickets"),
    }
}

/// The change's words for a screen reader and for anyone who does not see the arrow's colour.
pub fn change_sentence(locale: Locale, change: &str, verdict: Option<&str>) -> String {
    match (locale, verdict) {
        (_, None) => change.to_owned(),
        (_, Some(verdict)) => format!("{change} ({verdict})"),
    }
}

/// The CSV file's header for a time: "First response, median (business hours), seconds".
pub fn in_seconds(locale: Locale, label: &str) -> String {
    match locale {
        Locale::Es => format!("{label}, segundos"),
        Locale::En => format!("{label}, seconds"),
    }
}

/// "L2 tickets" as a column's name.
pub fn level_tickets(locale: Locale, level: &str) -> String {
    match locale {
        Locale::Es => format!("Tickets {level}"),
        Locale::En => format!("{level} tickets"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_has_both_translations() {
        for text in DashboardText::ALL {
            let (es, en) = pair(text);
            assert!(!es.trim().is_empty() && !en.trim().is_empty(), "{text:?}");
        }
        let unique: std::collections::HashSet<_> = DashboardText::ALL.iter().collect();
        assert_eq!(unique.len(), DashboardText::ALL.len());
    }

    #[test]
    fn numbers_and_names() {
        assert_eq!(previous_value(Locale::En, "280"), "Previous period: 280");
        assert_eq!(helpful_of(Locale::Es, 1, 1), "1 de 1 voto útil");
        assert_eq!(helpful_of(Locale::En, 9, 12), "9 of 12 votes helpful");
        assert_eq!(
            period_compared(Locale::En, ("Nov 1", "Nov 30"), ("Oct 2", "Oct 31"), 30),
            "Nov 1 to Nov 30 (30 days), compared with the previous period: Oct 2 to Oct 31."
        );
        assert_eq!(
            forecast_basis(Locale::En, 8, "UTC"),
            "From the last 8 weeks; hours in UTC."
        );
        assert_eq!(
            change_sentence(Locale::En, "▲ 12 min", Some("worse")),
            "▲ 12 min (worse)"
        );
        assert!(
            volume_summary(Locale::Es, "9", ["5", "3", "1"], Some(("2 nov", "4")))
                .ends_with("El día con más fue el 2 nov: 4.")
        );
    }
}
