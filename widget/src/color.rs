//! Brand colours made accessible: WCAG 2.1 relative luminance and contrast ratio, and the
//! [`Theme`] derived from one brand colour so every text/background pair reaches 4.5:1.

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The minimum contrast for normal text (WCAG 2.1 AA, 1.4.3).
pub const AA_TEXT: f64 = 4.5;

pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
/// The dark text colour used on light brand colours.
pub const INK: Rgb = Rgb(0x11, 0x11, 0x11);
/// The panel's background in the dark colour scheme (`--bg` in `style.css`).
pub const DARK_BG: Rgb = Rgb(0x16, 0x18, 0x1d);
/// Used when neither the host nor the site gives a usable colour.
pub const DEFAULT_BRAND: Rgb = Rgb(0x1f, 0x6f, 0xeb);

impl Rgb {
    /// Parses `#rrggbb` or `#rgb` (case-insensitive, surrounding spaces allowed).
    pub fn parse(input: &str) -> Option<Rgb> {
        let hex = input.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            6 => Some(Rgb(
                channel(&hex[0..2])?,
                channel(&hex[2..4])?,
                channel(&hex[4..6])?,
            )),
            3 => {
                let short = |i: usize| channel(&hex[i..i + 1]).map(|v| v * 17);
                Some(Rgb(short(0)?, short(1)?, short(2)?))
            }
            _ => None,
        }
    }

    /// `#rrggbb`, lowercase.
    pub fn hex(self) -> String {
        let mut hex = String::from("#");
        push_hex(&mut hex, &[self.0, self.1, self.2]);
        hex
    }

    /// WCAG 2.1 relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        fn linear(channel: u8) -> f64 {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                pow((c + 0.055) / 1.055, 2.4)
            }
        }
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// Mixes `amount` (0..=1) of `other` into this colour.
    pub fn mix(self, other: Rgb, amount: f64) -> Rgb {
        let blend = |a: u8, b: u8| {
            (f64::from(a) + (f64::from(b) - f64::from(a)) * amount)
                .round()
                .clamp(0.0, 255.0) as u8
        };
        Rgb(
            blend(self.0, other.0),
            blend(self.1, other.1),
            blend(self.2, other.2),
        )
    }
}

/// Appends the lowercase hex digits of `bytes` (`format!("{:02x}")` without the padding
/// machinery it drags into the wasm).
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 15)]));
    }
}

/// `base^exp`: the browser's `Math.pow` in wasm (libm's `powf` would add 1.5 KB).
#[cfg(target_arch = "wasm32")]
fn pow(base: f64, exp: f64) -> f64 {
    js_sys::Math::pow(base, exp)
}

#[cfg(not(target_arch = "wasm32"))]
fn pow(base: f64, exp: f64) -> f64 {
    base.powf(exp)
}

/// WCAG 2.1 contrast ratio between two colours, 1 to 21, symmetric.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// White or [`INK`], whichever contrasts more with `background`.
pub fn text_on(background: Rgb) -> Rgb {
    if contrast(WHITE, background) >= contrast(INK, background) {
        WHITE
    } else {
        INK
    }
}

/// Moves `color` toward `target` in small steps until it contrasts at least `min` with
/// `against`. Mixing fully into black or white always gets there for 4.5:1 against the
/// backgrounds used here, and the step count bounds the loop regardless.
fn push_until(color: Rgb, target: Rgb, against: Rgb, min: f64) -> Rgb {
    (0..=20)
        .map(|step| color.mix(target, f64::from(step) * 0.05))
        .find(|c| contrast(*c, against) >= min)
        .unwrap_or(target)
}

/// Colours derived from a brand colour, all set as CSS custom properties on `<html>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// The brand colour as the host gave it (reported back in `ready`).
    pub brand: Rgb,
    /// The header bar's background: the brand colour, darkened only if neither white nor
    /// ink text reaches 4.5:1 on it.
    pub bar: Rgb,
    /// Text and icons on the bar.
    pub on_bar: Rgb,
    /// Links, focus rings and accent buttons on the light background (white); white text
    /// on it reaches 4.5:1 too.
    pub accent: Rgb,
    /// The same on the dark background; ink text on it reaches 4.5:1 too.
    pub accent_dark: Rgb,
}

impl Theme {
    pub fn new(brand: Rgb) -> Theme {
        let mut bar = brand;
        let mut on_bar = text_on(bar);
        if contrast(on_bar, bar) < AA_TEXT {
            bar = push_until(bar, Rgb(0, 0, 0), WHITE, AA_TEXT);
            on_bar = WHITE;
        }
        Theme {
            brand,
            bar,
            on_bar,
            accent: push_until(brand, Rgb(0, 0, 0), WHITE, AA_TEXT),
            accent_dark: push_until(brand, WHITE, DARK_BG, AA_TEXT),
        }
    }

    /// The theme for the first usable colour among `candidates`, else the default brand.
    pub fn from_candidates<'a>(candidates: impl IntoIterator<Item = Option<&'a str>>) -> Theme {
        let brand = candidates
            .into_iter()
            .flatten()
            .find_map(Rgb::parse)
            .unwrap_or(DEFAULT_BRAND);
        Theme::new(brand)
    }

    /// Every text/background pair the stylesheet draws with these colours.
    pub fn pairs(&self) -> [(Rgb, Rgb); 5] {
        [
            (self.on_bar, self.bar),
            (self.accent, WHITE),
            (WHITE, self.accent),
            (self.accent_dark, DARK_BG),
            (INK, self.accent_dark),
        ]
    }

    /// The CSS custom properties, as (name, value).
    pub fn css_properties(&self) -> [(&'static str, String); 4] {
        [
            ("--bar", self.bar.hex()),
            ("--on-bar", self.on_bar.hex()),
            ("--accent-light", self.accent.hex()),
            ("--accent-dark", self.accent_dark.hex()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hex() {
        assert_eq!(Rgb::parse("#1f6feb"), Some(Rgb(0x1f, 0x6f, 0xeb)));
        assert_eq!(Rgb::parse(" #FFD400 "), Some(Rgb(0xff, 0xd4, 0)));
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        for bad in [
            "",
            "#",
            "1f6feb",
            "#1f6fe",
            "#gggggg",
            "#1f6feb00",
            "#é12345",
            "red",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast(WHITE, Rgb(0, 0, 0)) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // #767676 is the classic lightest grey with 4.5:1 on white.
        let grey = contrast(Rgb(0x76, 0x76, 0x76), WHITE);
        assert!((4.5..4.6).contains(&grey), "{grey}");
    }

    #[test]
    fn picks_ink_on_yellow_and_white_on_blue() {
        assert_eq!(text_on(Rgb(0xff, 0xd4, 0x00)), INK);
        assert_eq!(text_on(Rgb(0x1f, 0x6f, 0xeb)), WHITE);
    }

    #[test]
    fn every_pair_reaches_aa_for_many_brands() {
        for r in (0..=255u8).step_by(17) {
            for g in (0..=255u8).step_by(17) {
                for b in (0..=255u8).step_by(51) {
                    let theme = Theme::new(Rgb(r, g, b));
                    for (fg, bg) in theme.pairs() {
                        let ratio = contrast(fg, bg);
                        assert!(ratio >= AA_TEXT, "{theme:?}: {fg:?} on {bg:?} = {ratio}");
                    }
                }
            }
        }
    }

    #[test]
    fn usable_brands_are_kept() {
        let blue = Theme::new(DEFAULT_BRAND);
        assert_eq!(blue.bar, DEFAULT_BRAND);
        assert_eq!(blue.accent, DEFAULT_BRAND);
        let yellow = Theme::new(Rgb(0xff, 0xd4, 0));
        assert_eq!(yellow.bar, Rgb(0xff, 0xd4, 0));
        assert_ne!(
            yellow.accent, yellow.brand,
            "yellow links on white need darkening"
        );
    }

    #[test]
    fn falls_back_through_candidates() {
        let theme = Theme::from_candidates([None, Some("nope"), Some("#ffd400")]);
        assert_eq!(theme.brand, Rgb(0xff, 0xd4, 0));
        assert_eq!(Theme::from_candidates([None]).brand, DEFAULT_BRAND);
    }
}
