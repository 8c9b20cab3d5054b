//! The screen in Simplified Chinese (issue 12): snapshots of the main screen, the detail pane, the
//! help overlay, a dialog and the skill-group view at 120×36; no line wider than the terminal and
//! no wide character cut in half, in both languages and at 80×24, 120×36 and 200×50; no word of
//! the English interface left in the Chinese header, headings, states, footer and help; narrow
//! terminals drop the same columns in both languages; and `Lang::En` gives back the English screen.
// Test code: a failed unwrap/expect is the test failing, which is what it should do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/tui.rs"]
mod tui_support;
use callboard::app::sort::Column;
use callboard::app::{App, Reply, UiCommand};
use callboard::backend::{ActionChoices, Choice};
use callboard::i18n::Lang;
use callboard::model::StateKey;
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use tui_support::*;
use unicode_width::UnicodeWidthStr;

fn app_in(lang: Lang) -> App {
    world_app_with(60, 600, |o| o.lang = lang)
}

fn zh_app() -> App {
    app_in(Lang::ZhCn)
}

fn choices() -> ActionChoices {
    let c = |id: &str, label: &str| Choice {
        id: id.into(),
        label: label.into(),
    };
    ActionChoices {
        devices: vec![c("dev-8001", "软电话 8001")],
        skill_groups: vec![c("sales@ccc-sim", "销售")],
        break_codes: vec![c("lunch", "午餐"), c("break", "小休"), c("meeting", "会议")],
        flows: vec![c("flow-auth", "身份核验（路由点 4001）")],
    }
}

/// Opens the dialog of `keys` on the selected agent and answers its choices request.
fn open_dialog(app: &mut App, keys: &str) {
    press(app, keys);
    let asked = app.outbox.drain(..).find_map(|c| match c {
        UiCommand::Choices { backend, agent } => Some((backend, agent)),
        _ => None,
    });
    if let Some((backend, agent)) = asked {
        app.apply_reply(Reply::ChoicesReady {
            backend,
            agent,
            choices: Ok(choices()),
        });
    }
}

/// The vendor's word for the state, as the detail pane shows it under the raw codes.
fn vendor_word(screen: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains("厂商用语"))
        .unwrap_or_default();
    line.split("厂商用语")
        .nth(1)
        .unwrap_or_default()
        .trim_matches(|c: char| c == ' ' || c == '│')
        .to_string()
}

#[test]
fn zh_main_screen() {
    insta::assert_snapshot!("zh_main", screen(&zh_app()));
}

#[test]
fn zh_detail_pane() {
    let mut app = zh_app();
    press(&mut app, "jjjj");
    app.handle_key(code(KeyCode::Enter));
    assert!(app.detail);
    let text = screen(&app);
    // The vendor's own word for the state, beside its raw code (Alibaba calls a system break 小休).
    assert_eq!(vendor_word(&text), "小休", "{text}");
    insta::assert_snapshot!("zh_detail", text);
}

#[test]
fn zh_detail_of_a_huawei_agent_names_huaweis_word() {
    let mut app = zh_app();
    press(&mut app, "/backend=huawei state=not-ready,break,ready");
    app.handle_key(code(KeyCode::Enter));
    app.handle_key(code(KeyCode::Enter));
    let a = app.selected_agent().expect("a Huawei agent").clone();
    let want = match StateKey::of(&a) {
        StateKey::NotReady => "示忙",
        StateKey::Break => "休息",
        StateKey::Ready => "空闲态",
        other => panic!("filtered to three states, got {other:?}"),
    };
    let text = screen(&app);
    assert_eq!(vendor_word(&text), want, "{text}");
}

#[test]
fn zh_help_overlay() {
    let mut app = zh_app();
    press(&mut app, "?");
    insta::assert_snapshot!("zh_help", screen(&app));
}

#[test]
fn zh_break_dialog() {
    let mut app = zh_app();
    open_dialog(&mut app, "b");
    assert!(app.dialog.is_some());
    insta::assert_snapshot!("zh_dialog_break", screen(&app));
    // Its confirmation: the chrome (确认？, 执行, 取消) in Chinese.
    press(&mut app, "lunch");
    app.handle_key(code(KeyCode::Enter));
    let text = screen(&app);
    assert!(text.contains("确认？"), "{text}");
    insta::assert_snapshot!("zh_dialog_break_confirm", text);
}

#[test]
fn zh_skill_groups_view() {
    let mut app = zh_app();
    app.handle_key(code(KeyCode::Tab));
    insta::assert_snapshot!("zh_groups", screen(&app));
}

/// Every screen worth checking for layout: main, detail, help, the three views, a dialog form
/// and a confirmation, filtered and sorted, read-only.
fn screens(lang: Lang) -> Vec<(String, App)> {
    let mut out = Vec::new();
    out.push(("main".to_string(), app_in(lang)));
    let mut a = app_in(lang);
    press(&mut a, "jjjj");
    a.handle_key(code(KeyCode::Enter));
    out.push(("detail".into(), a));
    let mut a = app_in(lang);
    press(&mut a, "?");
    out.push(("help".into(), a));
    let mut a = app_in(lang);
    a.handle_key(code(KeyCode::Tab));
    out.push(("groups".into(), a));
    let mut a = app_in(lang);
    a.handle_key(code(KeyCode::Tab));
    a.handle_key(code(KeyCode::Tab));
    out.push(("log".into(), a));
    let mut a = app_in(lang);
    open_dialog(&mut a, "b");
    out.push(("dialog".into(), a));
    let mut a = app_in(lang);
    open_dialog(&mut a, "b");
    press(&mut a, "lunch");
    a.handle_key(code(KeyCode::Enter));
    out.push(("confirm".into(), a));
    let mut a = app_in(lang);
    press(&mut a, "/state=talking");
    a.handle_key(code(KeyCode::Enter));
    press(&mut a, "sssss");
    out.push(("filter-sort".into(), a));
    let mut a = world_app_with(60, 600, |o| {
        o.lang = lang;
        o.readonly = true;
    });
    press(&mut a, "/");
    out.push(("readonly-prompt".into(), a));
    out
}

/// Lines wider than the buffer, and wide characters whose second half is cut off or drawn over.
fn layout_faults(buf: &Buffer) -> Vec<String> {
    let mut faults = Vec::new();
    let w = buf.area.width;
    for y in 0..buf.area.height {
        let mut x = 0;
        let mut used = 0;
        while x < w {
            let sym = buf[(x, y)].symbol();
            let sw = sym.width();
            if sw > 1 {
                if x + 1 >= w {
                    faults.push(format!("row {y}: {sym:?} cut at the right edge"));
                } else if !matches!(buf[(x + 1, y)].symbol(), " " | "") {
                    faults.push(format!(
                        "row {y}: {sym:?} at {x} drawn over by {:?}",
                        buf[(x + 1, y)].symbol()
                    ));
                }
                x += sw as u16;
            } else {
                x += 1;
            }
            used += sw.max(1);
        }
        if used > w as usize {
            faults.push(format!("row {y}: {used} columns wide"));
        }
    }
    faults
}

#[test]
fn no_line_overflows_and_no_wide_character_is_cut_in_either_language() {
    for lang in Lang::ALL {
        for (name, mut app) in screens(lang) {
            for (w, h) in [(80u16, 24u16), (120, 36), (200, 50)] {
                app.set_screen(h, callboard::ui::roster_rows(h));
                let term = render(&app, w, h);
                let buf = term.backend().buffer();
                let faults = layout_faults(buf);
                assert!(
                    faults.is_empty(),
                    "{lang} {name} at {w}×{h}: {faults:?}\n{}",
                    buffer_text(buf)
                );
                for (i, line) in buffer_text(buf).lines().enumerate() {
                    assert!(
                        line.width() <= w as usize,
                        "{lang} {name} at {w}×{h}, line {i}: {line}"
                    );
                    assert!(
                        !line.contains('\u{fffd}'),
                        "{lang} {name}: a broken character in line {i}: {line}"
                    );
                }
            }
        }
    }
}

/// The words of the English interface that must not be left in the Chinese one.
const ENGLISH: &[&str] = &[
    "Ready",
    "Ringing",
    "Dialing",
    "Talking",
    "Wrap-up",
    "Break",
    "Offline",
    "Not",
    "ready",
    "Stale",
    "Queues",
    "waiting",
    "longest",
    "stale",
    "connected",
    "connecting",
    "data",
    "old",
    "of",
    "agents",
    "Roster",
    "Skill",
    "groups",
    "Event",
    "log",
    "Backend",
    "Agent",
    "Name",
    "State",
    "Time",
    "Reason",
    "Ext",
    "Group",
    "Id",
    "Ring",
    "Talk",
    "Wrap",
    "Off",
    "Waiting",
    "Longest",
    "quit",
    "help",
    "view",
    "detail",
    "close",
    "filter",
    "sort",
    "reset",
    "break",
    "cmd",
    "scroll",
    "move",
    "first",
    "last",
    "row",
    "page",
    "pane",
    "the",
    "selected",
    "agent",
    "next",
    "column",
    "again",
    "reverse",
    "sign",
    "in",
    "out",
    "put",
    "on",
    "make",
    "send",
    "call",
    "authentication",
    "every",
    "abnormal",
    "command",
    "this",
    "always",
    "previous",
    "clear",
    "cancel",
    "words",
    "match",
    "terms",
    "either",
    "negates",
    "rows",
    "needs",
    "attention",
    "over",
    "yet",
    "Help",
    "keys",
    "any",
    "key",
    "closes",
];

/// The ASCII words of `text` that are English interface words. Filter and command syntax
/// (`state=break`, `:backend`) is what the user types, not a label, so it is left out.
fn english_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_alphabetic() || chars[i] == '-') {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let before = start.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i).copied();
        let syntax = matches!(before, Some(':' | '=' | '/')) || matches!(after, Some('=' | '@'));
        if !syntax && ENGLISH.contains(&word.as_str()) {
            found.push(word);
        }
    }
    found
}

/// The display columns `from..to` of `line`.
fn columns_of(line: &str, from: usize, to: usize) -> String {
    let mut out = String::new();
    let mut at = 0;
    for c in line.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if at >= from && at + w <= to {
            out.push(c);
        }
        at += w;
    }
    out
}

/// The display column where `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> Option<usize> {
    line.find(needle).map(|i| line[..i].width())
}

#[test]
fn the_chinese_screen_has_no_english_interface_words() {
    let app = zh_app();
    let text = screen(&app);
    let lines: Vec<&str> = text.lines().collect();
    // The header, without the break labels in parentheses (vendor data), and the backend names.
    let mut header = String::new();
    for line in &lines[..4] {
        let plain = match line.find('（') {
            Some(i) => &line[..i],
            None => line,
        };
        header.push_str(&plain.replace("aliyun-sim", "").replace("huawei-sim", ""));
        header.push('\n');
    }
    assert!(
        english_words(&header).is_empty(),
        "{:?}\n{header}",
        english_words(&header)
    );
    // The column headings and the state column.
    let heading = lines[5];
    assert!(english_words(heading).is_empty(), "{heading}");
    let from = column_of(heading, "状态").expect("the state heading");
    let to = column_of(heading, "时长").expect("the time heading");
    let mut states = 0;
    for row in &lines[6..lines.len() - 2] {
        let cell = columns_of(row, from, to);
        assert!(english_words(&cell).is_empty(), "{cell}: {row}");
        states += usize::from(
            StateKey::ALL
                .iter()
                .any(|s| cell.trim() == s.label_in(Lang::ZhCn)),
        );
    }
    assert!(states > 20, "{states} rows with a Chinese state\n{text}");
    // The footer.
    let footer = lines[lines.len() - 1];
    assert!(english_words(footer).is_empty(), "{footer}");
    assert!(footer.contains("? 帮助"), "{footer}");

    // The help overlay, every row of it (it scrolls on a short screen).
    let mut app = zh_app();
    press(&mut app, "?");
    let help = screen(&app);
    let top = help
        .lines()
        .position(|l| l.contains("┌ 帮助"))
        .expect("the help overlay's title");
    let x0 = column_of(help.lines().nth(top).unwrap(), "┌ 帮助").unwrap();
    let overlay: Vec<String> = help
        .lines()
        .skip(top)
        .take_while(|l| !columns_of(l, x0, x0 + 1).contains('└'))
        .map(|l| columns_of(l, x0, x0 + 86))
        .collect();
    assert!(overlay.len() > 20, "{help}");
    for row in &overlay {
        assert!(english_words(row).is_empty(), "{row}\n{help}");
    }

    // The skill-group view's headings and the event log's.
    let mut app = zh_app();
    app.handle_key(code(KeyCode::Tab));
    let groups = screen(&app);
    let groups_heading = groups.lines().nth(5).unwrap();
    assert!(english_words(groups_heading).is_empty(), "{groups_heading}");
    app.handle_key(code(KeyCode::Tab));
    let log = screen(&app);
    let log_heading = log.lines().nth(5).unwrap();
    assert!(english_words(log_heading).is_empty(), "{log_heading}");
}

#[test]
fn the_word_check_finds_english_words() {
    assert_eq!(english_words(" Ready 10  排队 18 quit"), ["Ready", "quit"]);
    assert!(english_words("state=break :backend NAME k/up").is_empty());
}

#[test]
fn english_comes_back_with_lang_en() {
    let mut app = zh_app();
    assert!(screen(&app).contains("空闲"));
    app.lang = Lang::En;
    assert_eq!(screen(&app), screen(&app_in(Lang::En)));
    let text = screen(&app);
    for word in [
        "Ready", "Queues", "waiting", "longest", "Roster", "Backend", "? help",
    ] {
        assert!(text.contains(word), "{word}\n{text}");
    }
    press(&mut app, "?");
    assert!(screen(&app).contains("quit"));
}

/// The roster columns a screen `w` wide shows, by their headings in `lang`.
fn shown_columns(lang: Lang, w: u16) -> Vec<Column> {
    let app = app_in(lang);
    let text = screen_at(&app, w, 24);
    let heading = text.lines().nth(5).unwrap().to_string();
    Column::ALL
        .into_iter()
        .filter(|c| heading.contains(&format!(" {}", c.title_in(lang))))
        .collect()
}

#[test]
fn narrow_terminals_drop_the_same_columns_in_both_languages() {
    // Wider labels (CJK is two cells) may drop a column sooner, but always in this order.
    let order = [
        Column::Extension,
        Column::Skills,
        Column::Backend,
        Column::Name,
        Column::Id,
    ];
    for w in [40u16, 60, 80, 100, 120, 160] {
        for lang in [Lang::En, Lang::ZhCn] {
            let shown = shown_columns(lang, w);
            let dropped = order.iter().filter(|c| !shown.contains(c)).count();
            assert!(
                order[..dropped].iter().all(|c| !shown.contains(c)),
                "{lang} at {w}: {shown:?}"
            );
            for must in [Column::State, Column::Time, Column::Reason] {
                assert!(shown.contains(&must), "{lang} at {w}: {shown:?}");
            }
        }
        let en = shown_columns(Lang::En, w).len();
        let zh = shown_columns(Lang::ZhCn, w).len();
        assert!(zh <= en && en - zh <= 1, "at {w}: en {en}, zh {zh}");
    }
    assert_eq!(shown_columns(Lang::ZhCn, 160).len(), Column::ALL.len());
}

#[test]
fn the_chinese_footer_keeps_whole_keys_and_help() {
    let app = zh_app();
    let full = screen_at(&app, 200, 24);
    let full = full.lines().last().unwrap().to_string();
    for w in [40u16, 60, 80, 100] {
        let text = screen_at(&app, w, 24);
        let foot = text.lines().last().unwrap().trim_end();
        assert!(foot.contains("? 帮助"), "{w}: {foot}");
        assert!(!foot.ends_with('…'), "{w}: {foot}");
        let last = foot.rsplit(' ').next().unwrap();
        assert!(
            full.split(' ').any(|x| x == last),
            "{w}: `{last}` is cut: {foot}"
        );
    }
}

#[test]
fn the_layout_check_finds_cut_and_overdrawn_wide_characters() {
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 4, 3));
    buf[(3, 0)].set_symbol("张");
    buf[(0, 1)].set_symbol("伟");
    buf[(1, 1)].set_symbol("│");
    buf[(0, 2)].set_symbol("伟");
    let faults = layout_faults(&buf);
    assert!(
        faults
            .iter()
            .any(|f| f.contains("row 0") && f.contains("right edge")),
        "{faults:?}"
    );
    assert!(
        faults
            .iter()
            .any(|f| f.contains("row 0") && f.contains("columns wide")),
        "{faults:?}"
    );
    assert!(
        faults
            .iter()
            .any(|f| f.contains("row 1") && f.contains("drawn over")),
        "{faults:?}"
    );
    assert!(
        !faults.iter().any(|f| f.contains("row 2")),
        "a whole wide character is fine"
    );
}
