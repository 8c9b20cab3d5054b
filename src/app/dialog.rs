//! Action dialogs: a form (tui-input fields whose choices come from the backend) where the action
//! needs input, then a confirmation that names the agent and says what will happen.
//!
//! Flow: [`Dialog::open`] → `Loading` (choices asked of the backend) → `Form` → `Confirm` →
//! [`DialogOutcome::Submit`]. Esc cancels at any stage. The confirmation takes Enter or `y`, but
//! never the key that opened the dialog ([`Dialog::opened_by`]): with `y` bound to ready, `y y`
//! does not make an agent ready without a pause to read what will happen.

use super::action_words::action_title;
use super::keymap::{spec_of, Action};
use super::reset_all::ResetAllTarget;
use crate::backend::{ActionChoices, ActionKind, ActionRequest, Choice};
use crate::config::{BackendKind, KeyCode as K, KeySpec};
use crate::i18n::{t, tf, Lang};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;
use tui_input::Input;

/// Where a dialog is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// Waiting for the backend's choices.
    Loading,
    Form,
    Confirm,
}

/// One input of a form: a text field and, below it, the choices that match the text.
#[derive(Debug, Clone)]
pub struct Field {
    pub label: String,
    pub input: Input,
    pub choices: Vec<Choice>,
    /// Index into [`Field::matching`].
    pub cursor: usize,
    /// Several choices may be picked (Space), e.g. skill groups.
    pub multi: bool,
    pub picked: Vec<String>,
    /// Digits only.
    pub numeric: bool,
    pub required: bool,
    pub hint: String,
}

impl Field {
    fn new(label: String, choices: Vec<Choice>, hint: String) -> Field {
        Field {
            label,
            input: Input::default(),
            choices,
            cursor: 0,
            multi: false,
            picked: Vec::new(),
            numeric: false,
            required: false,
            hint,
        }
    }

    /// A required single choice, narrowed by typing.
    fn pick_one(label: String, choices: Vec<Choice>, lang: Lang) -> Field {
        Field {
            required: true,
            ..Field::new(label, choices, t(lang, "dialog-hint-pick"))
        }
    }

    /// The choices whose id or label contains the typed text (all of them for a multi-select).
    pub fn matching(&self) -> Vec<&Choice> {
        let text = self.input.value().trim().to_lowercase();
        self.choices
            .iter()
            .filter(|c| {
                text.is_empty()
                    || self.multi
                    || c.id.to_lowercase().contains(&text)
                    || c.label.to_lowercase().contains(&text)
            })
            .collect()
    }

    /// The field's value: the highlighted matching choice, else the typed text.
    pub fn value(&self) -> Option<String> {
        if self.numeric || self.choices.is_empty() {
            let v = self.input.value().trim();
            return (!v.is_empty()).then(|| v.to_string());
        }
        let m = self.matching();
        if let Some(c) = m.get(self.cursor.min(m.len().saturating_sub(1))) {
            if !self.input.value().trim().is_empty() || self.required {
                return Some(c.id.clone());
            }
        }
        let v = self.input.value().trim();
        (!v.is_empty()).then(|| v.to_string())
    }

    /// The label of a choice id, or the id.
    pub fn label_of(&self, id: &str) -> String {
        self.choices
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.label.clone())
    }
}

/// An action dialog.
#[derive(Debug, Clone)]
pub struct Dialog {
    pub action: Action,
    pub backend: String,
    pub kind: BackendKind,
    /// Empty for reset-all.
    pub agent: String,
    pub agent_name: String,
    pub call_id: Option<String>,
    pub stage: Stage,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A problem to show (choices could not be fetched, a required field is empty).
    pub note: Option<String>,
    /// The key that opened the dialog: it never confirms it.
    pub opened_by: Option<KeySpec>,
    /// Reset-all: every Alibaba backend it could act on, with what callboard sees stuck there
    /// (the one acted on is [`Dialog::reset_all_target`]). Empty for other actions.
    pub reset_all: Vec<ResetAllTarget>,
    /// The language of its words (the screen's when it opened).
    pub lang: Lang,
}

/// The keys that confirm, each group shown as its first: `y` (either case), and Enter.
const CONFIRM_KEYS: &[&[K]] = &[&[K::Char('y'), K::Char('Y')], &[K::Enter]];

/// What a key did to the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DialogOutcome {
    Stay,
    Cancel,
    Submit(ActionRequest),
}

impl Dialog {
    /// Opens a dialog in English; returns whether it needs the backend's choices first.
    pub fn open(
        action: Action,
        backend: &str,
        kind: BackendKind,
        agent: &str,
        agent_name: &str,
        call_id: Option<String>,
    ) -> (Dialog, bool) {
        Dialog::open_in(Lang::En, action, backend, kind, agent, agent_name, call_id)
    }

    /// Opens a dialog in `lang`; returns whether it needs the backend's choices first.
    pub fn open_in(
        lang: Lang,
        action: Action,
        backend: &str,
        kind: BackendKind,
        agent: &str,
        agent_name: &str,
        call_id: Option<String>,
    ) -> (Dialog, bool) {
        let needs_choices = match action {
            Action::SignIn => kind == BackendKind::Aliyun,
            Action::IvrAuth | Action::Break => true,
            _ => false,
        };
        let mut d = Dialog {
            action,
            backend: backend.to_string(),
            kind,
            agent: agent.to_string(),
            agent_name: agent_name.to_string(),
            call_id,
            stage: Stage::Confirm,
            fields: Vec::new(),
            focus: 0,
            note: None,
            opened_by: None,
            reset_all: Vec::new(),
            lang,
        };
        if needs_choices {
            d.stage = Stage::Loading;
        } else if action == Action::Reset && kind == BackendKind::Huawei {
            let mut f = Field::new(
                t(lang, "dialog-field-after-reset"),
                vec![
                    choice("sign-out", &t(lang, "dialog-choice-signed-out")),
                    choice("idle", &t(lang, "dialog-choice-idle")),
                ],
                String::new(),
            );
            f.required = true;
            d.fields.push(f);
            d.stage = Stage::Form;
        }
        (d, needs_choices)
    }

    /// The reset-all dialog: on `chosen` (the selected agent's backend), or asking which of
    /// `targets` (a form whose choices say what callboard sees stuck on each).
    pub fn reset_all(targets: Vec<ResetAllTarget>, chosen: Option<String>) -> Dialog {
        Dialog::reset_all_in(Lang::En, targets, chosen)
    }

    /// [`Dialog::reset_all`] in `lang`.
    pub fn reset_all_in(
        lang: Lang,
        targets: Vec<ResetAllTarget>,
        chosen: Option<String>,
    ) -> Dialog {
        let (mut d, _) = Dialog::open_in(
            lang,
            Action::ResetAll,
            chosen.as_deref().unwrap_or(""),
            BackendKind::Aliyun,
            "",
            "",
            None,
        );
        if chosen.is_none() {
            let choices = targets
                .iter()
                .map(|target| {
                    let label = match target.stuck {
                        0 => t(lang, "dialog-none-stuck"),
                        n => tf(lang, "dialog-n-stuck", &[("count", n.into())]),
                    };
                    choice(&target.backend, &label)
                })
                .collect();
            d.fields.push(Field::pick_one(
                t(lang, "dialog-field-backend"),
                choices,
                lang,
            ));
            d.stage = Stage::Form;
        }
        d.reset_all = targets;
        d
    }

    /// Reset-all: the backend it acts on (picked, or the selected agent's) and what callboard
    /// sees stuck there.
    pub fn reset_all_target(&self) -> Option<&ResetAllTarget> {
        let backend = self.reset_all_backend()?;
        self.reset_all.iter().find(|t| t.backend == backend)
    }

    /// The backend reset-all acts on: the picked one when the dialog asks, else its own.
    fn reset_all_backend(&self) -> Option<String> {
        if self.action != Action::ResetAll {
            return None;
        }
        if self.fields.is_empty() {
            Some(self.backend.clone()).filter(|b| !b.is_empty())
        } else {
            self.value(0)
        }
    }

    /// The Alibaba or the Huawei word for the same thing (catalogue ids).
    fn vendor_word(&self, aliyun: &'static str, huawei: &'static str) -> String {
        t(
            self.lang,
            match self.kind {
                BackendKind::Huawei => huawei,
                BackendKind::Aliyun => aliyun,
            },
        )
    }

    /// The backend's choices arrived (or could not be fetched: free text then).
    pub fn choices_ready(&mut self, result: Result<ActionChoices, String>) {
        let choices = match result {
            Ok(c) => c,
            Err(e) => {
                self.note = Some(tf(self.lang, "dialog-no-choices", &[("reason", e.into())]));
                ActionChoices::default()
            }
        };
        self.fields.clear();
        let lang = self.lang;
        match self.action {
            Action::SignIn => {
                self.fields.push(Field::new(
                    t(lang, "dialog-field-device"),
                    choices.devices,
                    t(lang, "dialog-hint-device"),
                ));
                let mut groups = Field::new(
                    t(lang, "dialog-field-skill-groups"),
                    choices.skill_groups,
                    t(lang, "dialog-hint-skill-groups"),
                );
                groups.multi = true;
                self.fields.push(groups);
            }
            Action::IvrAuth => {
                let label = self.vendor_word("dialog-field-flow", "dialog-field-access-code");
                self.fields
                    .push(Field::pick_one(label, choices.flows, lang));
            }
            Action::Break => {
                let label = self.vendor_word("dialog-field-break-code", "dialog-field-rest-cause");
                self.fields
                    .push(Field::pick_one(label, choices.break_codes, lang));
                if self.kind == BackendKind::Huawei {
                    let mut secs = Field::new(
                        t(lang, "dialog-field-seconds"),
                        Vec::new(),
                        t(lang, "dialog-hint-seconds"),
                    );
                    secs.numeric = true;
                    self.fields.push(secs);
                }
            }
            _ => {}
        }
        self.stage = if self.fields.is_empty() {
            Stage::Confirm
        } else {
            Stage::Form
        };
    }

    /// Handles a key.
    pub fn key(&mut self, key: &KeyEvent) -> DialogOutcome {
        if key.code == KeyCode::Esc {
            return DialogOutcome::Cancel;
        }
        match self.stage {
            Stage::Loading => DialogOutcome::Stay,
            Stage::Confirm if self.confirms(key) => match self.request() {
                Ok(r) => DialogOutcome::Submit(r),
                Err(e) => {
                    self.note = Some(e);
                    self.stage = Stage::Form;
                    DialogOutcome::Stay
                }
            },
            Stage::Confirm if self.is_opener_confirm(key) => {
                self.note = Some(tf(
                    self.lang,
                    "dialog-opener",
                    &[
                        (
                            "key",
                            self.opened_by
                                .map(|k| k.to_string())
                                .unwrap_or_default()
                                .into(),
                        ),
                        (
                            "keys",
                            self.confirm_keys().join(&t(self.lang, "dialog-or")).into(),
                        ),
                    ],
                ));
                DialogOutcome::Stay
            }
            Stage::Confirm => match key.code {
                KeyCode::Char('n') | KeyCode::Char('N') => DialogOutcome::Cancel,
                KeyCode::Backspace if !self.fields.is_empty() => {
                    self.stage = Stage::Form;
                    DialogOutcome::Stay
                }
                _ => DialogOutcome::Stay,
            },
            Stage::Form => {
                self.form_key(key);
                DialogOutcome::Stay
            }
        }
    }

    /// The confirm groups that do not hold the key that opened the dialog.
    fn confirm_groups(&self) -> impl Iterator<Item = &'static [K]> + '_ {
        CONFIRM_KEYS.iter().copied().filter(|group| {
            self.opened_by
                .is_none_or(|o| o.ctrl || o.alt || !group.contains(&o.code))
        })
    }

    /// Whether `key` confirms: Enter or `y`, unless that is the key that opened the dialog.
    fn confirms(&self, key: &KeyEvent) -> bool {
        let Some(spec) = spec_of(key) else {
            return false;
        };
        !spec.ctrl && !spec.alt && self.confirm_groups().any(|g| g.contains(&spec.code))
    }

    /// Whether `key` would confirm but is the key (or the same letter) that opened the dialog.
    fn is_opener_confirm(&self, key: &KeyEvent) -> bool {
        let Some(spec) = spec_of(key) else {
            return false;
        };
        !spec.ctrl
            && !spec.alt
            && !self.confirms(key)
            && CONFIRM_KEYS.iter().any(|g| g.contains(&spec.code))
    }

    /// The keys that confirm, as shown in the confirmation (`y`, `Enter`).
    pub fn confirm_keys(&self) -> Vec<&'static str> {
        self.confirm_groups()
            .map(|g| match g.first() {
                Some(K::Enter) => "Enter",
                _ => "y",
            })
            .collect()
    }

    fn form_key(&mut self, key: &KeyEvent) {
        let n = self.fields.len();
        let lang = self.lang;
        let Some(field) = self.fields.get_mut(self.focus) else {
            self.stage = Stage::Confirm;
            return;
        };
        match key.code {
            KeyCode::Tab => self.focus = (self.focus + 1) % n,
            KeyCode::BackTab => self.focus = (self.focus + n - 1) % n,
            KeyCode::Up => field.cursor = field.cursor.saturating_sub(1),
            KeyCode::Down => {
                let len = field.matching().len();
                field.cursor = (field.cursor + 1).min(len.saturating_sub(1));
            }
            KeyCode::Char(' ') if field.multi => {
                let m = field.matching();
                if let Some(c) = m.get(field.cursor) {
                    let id = c.id.clone();
                    if let Some(i) = field.picked.iter().position(|p| *p == id) {
                        field.picked.remove(i);
                    } else {
                        field.picked.push(id);
                    }
                }
            }
            KeyCode::Enter => {
                if field.required && field.value().is_none() {
                    self.note = Some(tf(
                        lang,
                        "dialog-required",
                        &[("field", (&field.label).into())],
                    ));
                } else if self.focus + 1 < n {
                    self.focus += 1;
                } else {
                    match self.request() {
                        Ok(_) => {
                            self.note = None;
                            self.stage = Stage::Confirm;
                        }
                        Err(e) => self.note = Some(e),
                    }
                }
            }
            KeyCode::Char(c)
                if field.numeric
                    && !c.is_ascii_digit()
                    && !key.modifiers.contains(KeyModifiers::CONTROL) => {}
            _ => {
                if field.input.handle_event(&Event::Key(*key)).is_some() {
                    field.cursor = 0;
                }
            }
        }
    }

    fn value(&self, i: usize) -> Option<String> {
        self.fields.get(i).and_then(Field::value)
    }

    /// The request the dialog describes, or what is missing.
    pub fn request(&self) -> Result<ActionRequest, String> {
        let say = |id: &str| t(self.lang, id);
        let kind = match self.action {
            Action::SignIn => ActionKind::SignIn {
                device: self.value(0),
                skill_groups: self
                    .fields
                    .get(1)
                    .map(|f| f.picked.clone())
                    .unwrap_or_default(),
            },
            Action::Reset => ActionKind::Reset {
                idle: self.value(0).as_deref() == Some("idle"),
            },
            Action::ResetAll => {
                let backend = self
                    .reset_all_backend()
                    .ok_or_else(|| say("dialog-pick-backend"))?;
                return Ok(ActionRequest {
                    backend,
                    agent: String::new(),
                    kind: ActionKind::ResetAll,
                });
            }
            Action::IvrAuth => ActionKind::IvrAuth {
                flow: self.value(0).ok_or_else(|| say("dialog-pick-flow"))?,
            },
            Action::Break => {
                let secs = match self.value(1) {
                    Some(v) => Some(
                        v.parse::<u32>()
                            .ok()
                            .filter(|s| (1..=86_399).contains(s))
                            .ok_or_else(|| say("dialog-secs-range"))?,
                    ),
                    None => None,
                };
                ActionKind::Break {
                    code: self.value(0).ok_or_else(|| say("dialog-pick-break-code"))?,
                    secs,
                }
            }
            Action::Ready => ActionKind::Ready,
            Action::SignOut => ActionKind::SignOut,
            other => {
                return Err(tf(
                    self.lang,
                    "dialog-not-agent-action",
                    &[("action", other.name().into())],
                ))
            }
        };
        Ok(ActionRequest {
            backend: self.backend.clone(),
            agent: self.agent.clone(),
            kind,
        })
    }

    /// The title: `Reset · 张伟 (1001, huawei-sim)`.
    pub fn title(&self) -> String {
        let lang = self.lang;
        let verb = action_title(self.action, lang);
        let titled = |who: String| {
            tf(
                lang,
                "dialog-title",
                &[("verb", (&verb).into()), ("who", who.into())],
            )
        };
        if self.agent.is_empty() {
            match self.reset_all_backend() {
                _ if self.action == Action::ResetAll && self.stage == Stage::Form => {
                    tf(lang, "dialog-title-which-backend", &[("verb", verb.into())])
                }
                Some(b) => titled(b),
                None => titled(self.backend.clone()),
            }
        } else {
            titled(self.who())
        }
    }

    /// `张伟 (1001, huawei-sim)`; reset-all: `every abnormal agent on aliyun-sim`.
    pub fn who(&self) -> String {
        let lang = self.lang;
        if self.action == Action::ResetAll {
            let backend = self.reset_all_backend().unwrap_or_default();
            return tf(lang, "dialog-who-reset-all", &[("backend", backend.into())]);
        }
        if self.agent_name.is_empty() {
            tf(
                lang,
                "dialog-who",
                &[
                    ("agent", (&self.agent).into()),
                    ("backend", (&self.backend).into()),
                ],
            )
        } else {
            tf(
                lang,
                "dialog-who-named",
                &[
                    ("name", (&self.agent_name).into()),
                    ("agent", (&self.agent).into()),
                    ("backend", (&self.backend).into()),
                ],
            )
        }
    }

    /// What will happen, in plain words, for the confirmation.
    pub fn consequence(&self) -> String {
        let lang = self.lang;
        let who = self.who();
        let huawei = self.kind == BackendKind::Huawei;
        let on_who = |id: &str| tf(lang, id, &[("who", (&who).into())]);
        let req = match self.request() {
            Err(e) => return e,
            Ok(req) => req,
        };
        match req.kind {
            ActionKind::SignIn {
                device,
                skill_groups,
            } => {
                if huawei {
                    on_who("dialog-sign-in-huawei")
                } else {
                    let dev = device.map_or_else(
                        || t(lang, "dialog-own-device"),
                        |d| tf(lang, "dialog-device", &[("device", d.into())]),
                    );
                    let groups = if skill_groups.is_empty() {
                        t(lang, "dialog-own-groups")
                    } else {
                        skill_groups.join(", ")
                    };
                    tf(
                        lang,
                        "dialog-sign-in",
                        &[
                            ("who", (&who).into()),
                            ("device", dev.into()),
                            ("groups", groups.into()),
                        ],
                    )
                }
            }
            ActionKind::Reset { idle } => {
                if huawei && idle {
                    on_who("dialog-reset-idle-huawei")
                } else if huawei {
                    on_who("dialog-reset-huawei")
                } else {
                    on_who("dialog-reset")
                }
            }
            // CCC decides which agents are abnormal; what callboard shows stuck there is said
            // beside it, with the first ids.
            ActionKind::ResetAll => {
                let seen = match self.reset_all_target() {
                    Some(target) if target.stuck > 0 => tf(
                        lang,
                        "dialog-reset-all-seen",
                        &[("stuck", target.stuck_words_in(lang).into())],
                    ),
                    Some(_) => t(lang, "dialog-reset-all-none-seen"),
                    None => String::new(),
                };
                tf(
                    lang,
                    "dialog-reset-all",
                    &[("backend", req.backend.into()), ("seen", seen.into())],
                )
            }
            ActionKind::IvrAuth { flow } => {
                let label = self
                    .fields
                    .first()
                    .map_or(flow.clone(), |f| f.label_of(&flow));
                let call = self.call_id.as_deref().map_or_else(
                    || t(lang, "dialog-current-call"),
                    |c| tf(lang, "dialog-call", &[("call", c.into())]),
                );
                tf(
                    lang,
                    "dialog-ivr-auth",
                    &[
                        ("who", (&who).into()),
                        ("call", call.into()),
                        ("flow", label.into()),
                    ],
                )
            }
            ActionKind::Break { code, secs } => {
                let label = self
                    .fields
                    .first()
                    .map_or(code.clone(), |f| f.label_of(&code));
                let for_secs = secs.map_or_else(String::new, |s| {
                    tf(lang, "dialog-break-for", &[("secs", s.into())])
                });
                tf(
                    lang,
                    "dialog-break",
                    &[
                        ("who", (&who).into()),
                        ("label", label.into()),
                        ("for", for_secs.into()),
                    ],
                )
            }
            ActionKind::Ready => on_who("dialog-ready"),
            ActionKind::SignOut => on_who("dialog-sign-out"),
        }
    }
}

fn choice(id: &str, label: &str) -> Choice {
    Choice {
        id: id.to_string(),
        label: label.to_string(),
    }
}

#[cfg(test)]
#[path = "dialog_tests.rs"]
mod tests;
