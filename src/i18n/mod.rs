//! The language callboard speaks to people (English or Simplified Chinese) and its Fluent message
//! catalogues (`locales/<lang>/*.ftl`, embedded at compile time): every string a person
//! reads is looked up here, with arguments and plurals handled by Fluent. JSON and CSV field
//! names and values are not translated.

mod lang;

pub use lang::{Lang, LangSource};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: a terminal shows them as stray cells.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// An argument of a message: text or a number (numbers choose plural forms).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Int(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_arg!(i32, i64, u32, u64, usize);

fn langid(lang: Lang) -> &'static LanguageIdentifier {
    static EN: std::sync::OnceLock<LanguageIdentifier> = std::sync::OnceLock::new();
    static ZH: std::sync::OnceLock<LanguageIdentifier> = std::sync::OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| fluent_templates::langid!("en")),
        Lang::ZhCn => ZH.get_or_init(|| fluent_templates::langid!("zh-CN")),
    }
}

/// The message `id` in `lang` (English when the catalogue lacks it; the id itself when no
/// catalogue has it, which the catalogue tests rule out).
pub fn t(lang: Lang, id: &str) -> String {
    LOCALES
        .try_lookup(langid(lang), id)
        .unwrap_or_else(|| id.to_string())
}

/// The message `id` in `lang` with arguments (`{ $name }` in the catalogue).
pub fn tf(lang: Lang, id: &str, args: &[(&'static str, Arg)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Arg::Text(s) => FluentValue::from(s.clone()),
                Arg::Int(n) => FluentValue::from(*n),
            };
            (Cow::Borrowed(*k), value)
        })
        .collect();
    LOCALES
        .try_lookup_with_args(langid(lang), id, &map)
        .unwrap_or_else(|| id.to_string())
}

/// Whether `lang`'s own catalogue defines `id` (no fallback), for the catalogue tests.
pub fn has(lang: Lang, id: &str) -> bool {
    catalogue_ids(lang).iter().any(|k| k == id)
}

/// The ids defined in `lang`'s catalogue file, in file order.
pub fn catalogue_ids(lang: Lang) -> Vec<String> {
    catalogue_text(lang)
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '\t', '.', '[', '*', '}']))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.is_empty())
        .collect()
}

/// The catalogue files of each language, one per area (core words, headless commands, the app's
/// messages, the screen), as embedded; the loader reads the same files.
const FILES_EN: [&str; 9] = [
    include_str!("../../locales/en/core.ftl"),
    include_str!("../../locales/en/headless.ftl"),
    include_str!("../../locales/en/app.ftl"),
    include_str!("../../locales/en/ui.ftl"),
    include_str!("../../locales/en/credentials.ftl"),
    include_str!("../../locales/en/column_picker.ftl"),
    include_str!("../../locales/en/kpis.ftl"),
    include_str!("../../locales/en/serve.ftl"),
    include_str!("../../locales/en/shift.ftl"),
];
const FILES_ZH: [&str; 9] = [
    include_str!("../../locales/zh-CN/core.ftl"),
    include_str!("../../locales/zh-CN/headless.ftl"),
    include_str!("../../locales/zh-CN/app.ftl"),
    include_str!("../../locales/zh-CN/ui.ftl"),
    include_str!("../../locales/zh-CN/credentials.ftl"),
    include_str!("../../locales/zh-CN/column_picker.ftl"),
    include_str!("../../locales/zh-CN/kpis.ftl"),
    include_str!("../../locales/zh-CN/serve.ftl"),
    include_str!("../../locales/zh-CN/shift.ftl"),
];

/// The catalogue files of `lang`, as embedded.
pub fn catalogue_files(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En => &FILES_EN,
        Lang::ZhCn => &FILES_ZH,
    }
}

/// All catalogue text of `lang`, the files joined.
pub fn catalogue_text(lang: Lang) -> String {
    catalogue_files(lang).join("\n")
}

#[cfg(test)]
mod tests;
