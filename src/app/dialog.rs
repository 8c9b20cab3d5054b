//! Action dialogs: a form (tui-input fields whose choices come from the backend) where the action
//! needs input, then a confirmation that names the agent and says what will happen.
//!
//! Flow: [`Dialog::open`] → `Loading` (choices asked of the backend) → `Form` → `Confirm` →
//! [`DialogOutcome::Submit`]. Esc cancels at any stage. The confirmation takes Enter or `y`, but
//! never the key that opened the dialog ([`Dialog::opened_by`]): with `y` bound to ready, `y y`
//! does not make an agent ready without a pause to read what will happen.

use super::keymap::{spec_of, Action};
use super::reset_all::ResetAllTarget;
use crate::backend::{ActionChoices, ActionKind, ActionRequest, Choice};
use crate::config::{BackendKind, KeyCode as K, KeySpec};
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
    pub label: &'static str,
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
    pub hint: &'static str,
}

impl Field {
    fn new(label: &'static str, choices: Vec<Choice>, hint: &'static str) -> Field {
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
    fn pick_one(label: &'static str, choices: Vec<Choice>) -> Field {
        Field {
            required: true,
            ..Field::new(label, choices, "type to narrow, ↑/↓ to pick")
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
    /// Opens a dialog; returns whether it needs the backend's choices first.
    pub fn open(
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
        };
        if needs_choices {
            d.stage = Stage::Loading;
        } else if action == Action::Reset && kind == BackendKind::Huawei {
            let mut f = Field::new(
                "after the reset",
                vec![
                    choice(
                        "sign-out",
                        "signed out (forced sign-out, releases any call)",
                    ),
                    choice("idle", "idle (forced idle)"),
                ],
                "",
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
        let (mut d, _) = Dialog::open(
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
                .map(|t| {
                    let label = match t.stuck {
                        0 => "none shown stuck".to_string(),
                        n => format!("{n} shown stuck"),
                    };
                    choice(&t.backend, &label)
                })
                .collect();
            d.fields.push(Field::pick_one("backend", choices));
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

    /// The Alibaba or the Huawei word for the same thing.
    fn vendor_word(&self, aliyun: &'static str, huawei: &'static str) -> &'static str {
        match self.kind {
            BackendKind::Huawei => huawei,
            BackendKind::Aliyun => aliyun,
        }
    }

    /// The backend's choices arrived (or could not be fetched: free text then).
    pub fn choices_ready(&mut self, result: Result<ActionChoices, String>) {
        let choices = match result {
            Ok(c) => c,
            Err(e) => {
                self.note = Some(format!("could not fetch choices: {e}; type a value"));
                ActionChoices::default()
            }
        };
        self.fields.clear();
        match self.action {
            Action::SignIn => {
                self.fields.push(Field::new(
                    "device",
                    choices.devices,
                    "empty: the agent's own device",
                ));
                let mut groups = Field::new(
                    "skill groups",
                    choices.skill_groups,
                    "space picks; none: the agent's own groups",
                );
                groups.multi = true;
                self.fields.push(groups);
            }
            Action::IvrAuth => {
                let label = self.vendor_word("contact flow", "IVR access code");
                self.fields.push(Field::pick_one(label, choices.flows));
            }
            Action::Break => {
                let label = self.vendor_word("break code", "rest cause");
                self.fields
                    .push(Field::pick_one(label, choices.break_codes));
                if self.kind == BackendKind::Huawei {
                    let mut secs =
                        Field::new("seconds", Vec::new(), "empty: the cause's planned time");
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
                self.note = Some(format!(
                    "`{}` opened this dialog, so it does not confirm it: press {} to confirm, \
                     n or Esc to cancel",
                    self.opened_by.map(|k| k.to_string()).unwrap_or_default(),
                    self.confirm_keys().join(" or ")
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
                    self.note = Some(format!("{} is required", field.label));
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
                let backend = self.reset_all_backend().ok_or("pick a backend")?;
                return Ok(ActionRequest {
                    backend,
                    agent: String::new(),
                    kind: ActionKind::ResetAll,
                });
            }
            Action::IvrAuth => ActionKind::IvrAuth {
                flow: self.value(0).ok_or("pick a flow")?,
            },
            Action::Break => {
                let secs = match self.value(1) {
                    Some(v) => Some(
                        v.parse::<u32>()
                            .ok()
                            .filter(|s| (1..=86_399).contains(s))
                            .ok_or("seconds must be between 1 and 86399")?,
                    ),
                    None => None,
                };
                ActionKind::Break {
                    code: self.value(0).ok_or("pick a break code")?,
                    secs,
                }
            }
            Action::Ready => ActionKind::Ready,
            Action::SignOut => ActionKind::SignOut,
            other => return Err(format!("{} is not an agent action", other.name())),
        };
        Ok(ActionRequest {
            backend: self.backend.clone(),
            agent: self.agent.clone(),
            kind,
        })
    }

    /// The title: `Reset 张伟`.
    pub fn title(&self) -> String {
        let verb = match self.action {
            Action::SignIn => "Sign in",
            Action::Reset => "Reset",
            Action::ResetAll => "Reset all",
            Action::IvrAuth => "IVR authentication",
            Action::Break => "Break",
            Action::Ready => "Ready",
            Action::SignOut => "Sign out",
            _ => "Action",
        };
        if self.agent.is_empty() {
            match self.reset_all_backend() {
                _ if self.action == Action::ResetAll && self.stage == Stage::Form => {
                    format!("{verb} · which Alibaba backend?")
                }
                Some(b) => format!("{verb} · {b}"),
                None => format!("{verb} · {}", self.backend),
            }
        } else {
            format!("{verb} · {}", self.who())
        }
    }

    /// `张伟 (1001, huawei-sim)`; reset-all: `every abnormal agent on aliyun-sim`.
    pub fn who(&self) -> String {
        if self.action == Action::ResetAll {
            let backend = self.reset_all_backend().unwrap_or_default();
            return format!("every abnormal agent on {backend}");
        }
        if self.agent_name.is_empty() {
            format!("{} ({})", self.agent, self.backend)
        } else {
            format!("{} ({}, {})", self.agent_name, self.agent, self.backend)
        }
    }

    /// What will happen, in plain words, for the confirmation.
    pub fn consequence(&self) -> String {
        let who = self.who();
        let huawei = self.kind == BackendKind::Huawei;
        match self.request() {
            Err(e) => e,
            Ok(req) => {
                match req.kind {
                    ActionKind::SignIn {
                        device,
                        skill_groups,
                    } => {
                        if huawei {
                            format!("Sign in {who} with the credentials in the config; callboard keeps the session alive while it runs (the gateway signs the agent out 2 minutes after callboard stops).")
                        } else {
                            let dev = device.map_or_else(
                                || "the agent's own device".to_string(),
                                |d| format!("device {d}"),
                            );
                            let groups = if skill_groups.is_empty() {
                                "the agent's own skill groups".to_string()
                            } else {
                                skill_groups.join(", ")
                            };
                            format!("Sign in {who} on {dev} into {groups}.")
                        }
                    }
                    ActionKind::Reset { idle } => {
                        if huawei && idle {
                            format!("Force {who} to idle through the inspector.")
                        } else if huawei {
                            format!("Force {who} to sign out through the inspector. An active call is released.")
                        } else {
                            format!("Reset {who} (ResetAgentState): whatever state it is stuck in ends.")
                        }
                    }
                    // CCC decides which agents are abnormal; what callboard shows stuck there
                    // is said beside it, with the first ids.
                    ActionKind::ResetAll => {
                        let seen = match self.reset_all_target() {
                            Some(t) if t.stuck > 0 => {
                                format!(" callboard shows {} stuck there.", t.stuck_words())
                            }
                            Some(_) => " callboard shows no agent stuck there.".to_string(),
                            None => String::new(),
                        };
                        format!(
                            "Reset every agent in an abnormal state on {} (ResetUserStatus); \
                             {} decides which, so how many is known only from its answer.{seen}",
                            req.backend, req.backend
                        )
                    }
                    ActionKind::IvrAuth { flow } => {
                        let label = self
                            .fields
                            .first()
                            .map_or(flow.clone(), |f| f.label_of(&flow));
                        let call = self
                            .call_id
                            .as_deref()
                            .map_or("current call".to_string(), |c| format!("call {c}"));
                        format!("Send {who}'s {call} to {label} for authentication; the call comes back when the flow ends.")
                    }
                    ActionKind::Break { code, secs } => {
                        let label = self
                            .fields
                            .first()
                            .map_or(code.clone(), |f| f.label_of(&code));
                        let for_secs = secs.map_or_else(String::new, |s| format!(" for {s} s"));
                        format!("Put {who} on break: {label}{for_secs}.")
                    }
                    ActionKind::Ready => format!("Make {who} ready for calls."),
                    ActionKind::SignOut => format!("Sign {who} out."),
                }
            }
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
