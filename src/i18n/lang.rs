//! Which language to speak: `--lang`, else the config's `lang`, else the locale environment
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`, in POSIX order), else English.

use serde::{Deserialize, Serialize};

/// A language callboard has a catalogue for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    /// Simplified Chinese (mainland China and Singapore).
    #[serde(rename = "zh-CN")]
    ZhCn,
}

/// Where the language came from (for `check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LangSource {
    Flag,
    Config,
    /// The named environment variable.
    Env(&'static str),
    Default,
}

/// The locale variables in the order POSIX gives them precedence.
const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The language's tag: `en`, `zh-CN`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// A language tag or locale name: `en`, `en_US.UTF-8`, `C`, `zh-CN`, `zh_CN.UTF-8`, `zh_SG`,
    /// `zh-Hans`, `zh`. Traditional Chinese (`zh_TW`, `zh-Hant`, `zh_HK`) has no catalogue yet.
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim();
        let base = t.split(['.', '@']).next().unwrap_or("");
        let norm = base.replace('_', "-").to_ascii_lowercase();
        match norm.as_str() {
            "" => None,
            "c" | "posix" => Some(Lang::En),
            "zh" | "zh-cn" | "zh-sg" | "zh-hans" | "zh-hans-cn" | "zh-hans-sg" | "zh-my" => {
                Some(Lang::ZhCn)
            }
            n if n.starts_with("zh-hans") => Some(Lang::ZhCn),
            n if n == "en" || n.starts_with("en-") => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the locale environment asks for, if it names one callboard has; the first
    /// variable that is set decides (an unknown language there means English).
    pub fn from_env_with(get: impl Fn(&str) -> Option<String>) -> Option<(Lang, &'static str)> {
        for var in LOCALE_VARS {
            if let Some(v) = get(var).filter(|v| !v.trim().is_empty()) {
                return Some((Lang::parse(&v).unwrap_or(Lang::En), var));
            }
        }
        None
    }

    /// `--lang`, else the config's `lang`, else the environment, else English. A flag or config
    /// value that is not a known language is reported by the caller before this is used.
    pub fn resolve(flag: Option<&str>, config: Option<&str>) -> (Lang, LangSource) {
        if let Some(l) = flag.and_then(Lang::parse) {
            return (l, LangSource::Flag);
        }
        if let Some(l) = config.and_then(Lang::parse) {
            return (l, LangSource::Config);
        }
        match Lang::from_env_with(|v| std::env::var(v).ok()) {
            Some((l, var)) => (l, LangSource::Env(var)),
            None => (Lang::En, LangSource::Default),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
