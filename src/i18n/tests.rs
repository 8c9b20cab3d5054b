//! The catalogues: both languages define the same ids, every id is used by the code, arguments and
//! plurals format, and the language is chosen from flag, config and locale as documented.

use super::*;
use std::path::Path;

fn rust_sources(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("src dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("i18n/tests.rs") {
            out.push(std::fs::read_to_string(&p).expect("source"));
        }
    }
}

#[test]
fn both_catalogues_define_the_same_ids() {
    let en = catalogue_ids(Lang::En);
    let zh = catalogue_ids(Lang::ZhCn);
    assert!(en.len() > 40, "{} ids", en.len());
    let missing_zh: Vec<_> = en.iter().filter(|k| !zh.contains(k)).collect();
    let missing_en: Vec<_> = zh.iter().filter(|k| !en.contains(k)).collect();
    assert!(missing_zh.is_empty(), "not in zh-CN: {missing_zh:?}");
    assert!(missing_en.is_empty(), "not in en: {missing_en:?}");
    let mut sorted = en.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), en.len(), "an id is defined twice");
}

#[test]
fn every_id_is_used_by_the_code() {
    let mut sources = Vec::new();
    rust_sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let unused: Vec<String> = catalogue_ids(Lang::En)
        .into_iter()
        .filter(|id| {
            let quoted = format!("\"{id}\"");
            !sources.iter().any(|s| s.contains(&quoted))
        })
        .collect();
    assert!(unused.is_empty(), "catalogue ids no code uses: {unused:?}");
}

#[test]
fn every_message_formats_in_both_languages() {
    // Every variable a catalogue mentions, given as a number (text takes numbers too).
    let mut vars: Vec<&'static str> = Vec::new();
    for lang in Lang::ALL {
        let text = catalogue_text(lang);
        for part in text.split('$').skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            let name: &'static str = Box::leak(name.into_boxed_str());
            if !vars.contains(&name) {
                vars.push(name);
            }
        }
    }
    let args: Vec<(&'static str, Arg)> = vars.iter().map(|v| (*v, Arg::Int(2))).collect();
    for lang in Lang::ALL {
        for id in catalogue_ids(lang) {
            let text = tf(lang, &id, &args);
            assert!(!text.is_empty() && text != id, "{lang} {id}");
            assert!(
                !text.contains(['\u{2068}', '\u{2069}']),
                "{lang} {id}: isolation marks"
            );
        }
    }
}

#[test]
fn arguments_and_plurals() {
    let one = tf(
        Lang::En,
        "check-backend-ok",
        &[
            ("backend", "b".into()),
            ("kind", "huawei".into()),
            ("endpoint", "http://x/".into()),
            ("agents", 1.into()),
        ],
    );
    assert_eq!(one, "backend b (huawei, http://x/): ok, 1 agent reported");
    let many = tf(
        Lang::En,
        "check-backend-ok",
        &[
            ("backend", "b".into()),
            ("kind", "huawei".into()),
            ("endpoint", "http://x/".into()),
            ("agents", 30.into()),
        ],
    );
    assert!(many.ends_with("30 agents reported"), "{many}");
    let zh = tf(
        Lang::ZhCn,
        "check-cms-ok",
        &[
            ("backend", "hw".into()),
            ("endpoint", "http://x/".into()),
            ("agents", 30.into()),
        ],
    );
    assert_eq!(zh, "  hw 的 CMS（http://x/）：正常，30 个座席有状态时间");
    assert_eq!(t(Lang::ZhCn, "state-wrap-up"), "话后处理");
    assert_eq!(t(Lang::En, "no-such-id"), "no-such-id");
}

#[test]
fn languages_parse_from_tags_and_locales() {
    for (text, want) in [
        ("en", Some(Lang::En)),
        ("en_US.UTF-8", Some(Lang::En)),
        ("C", Some(Lang::En)),
        ("POSIX", Some(Lang::En)),
        ("zh-CN", Some(Lang::ZhCn)),
        ("zh_CN.UTF-8", Some(Lang::ZhCn)),
        ("zh_SG.GB2312", Some(Lang::ZhCn)),
        ("zh-Hans", Some(Lang::ZhCn)),
        ("zh-Hans-CN", Some(Lang::ZhCn)),
        ("zh", Some(Lang::ZhCn)),
        ("zh_TW.UTF-8", None),
        ("fr_FR", None),
        ("", None),
    ] {
        assert_eq!(Lang::parse(text), want, "{text:?}");
    }
}

#[test]
fn the_first_locale_variable_set_decides() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(
        Lang::from_env_with(env(&[("LANG", "zh_CN.UTF-8")])),
        Some((Lang::ZhCn, "LANG"))
    );
    assert_eq!(
        Lang::from_env_with(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
        Some((Lang::En, "LC_ALL"))
    );
    assert_eq!(
        Lang::from_env_with(env(&[("LC_MESSAGES", "zh_SG"), ("LANG", "en_US")])),
        Some((Lang::ZhCn, "LC_MESSAGES"))
    );
    assert_eq!(
        Lang::from_env_with(env(&[("LC_ALL", ""), ("LANG", "fr_FR.UTF-8")])),
        Some((Lang::En, "LANG"))
    );
    assert_eq!(Lang::from_env_with(env(&[])), None);
    assert_eq!(Lang::resolve(Some("zh-CN"), Some("en")).0, Lang::ZhCn);
    assert_eq!(
        Lang::resolve(None, Some("zh-CN")),
        (Lang::ZhCn, LangSource::Config)
    );
}
