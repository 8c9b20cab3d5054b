//! Action dialogs: a form (tui-input fields whose choices come from the backend) where the action
//! needs input, then a confirmation that names the agent and says what will happen.
//!
//! Flow: [`Dialog::open`] → `Loading` (choices asked of the backend) → `Form` → `Confirm` →
//! [`DialogOutcome::Submit`]. Esc cancels at any stage.

use super::keymap::Action;
use crate::backend::{ActionChoices, ActionKind, ActionRequest, Choice};
use crate::config::BackendKind;
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

/// Which agents a reset-all reaches, for its title, confirmation and toast.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResetTargets {
    /// How many agents.
    pub count: usize,
    /// The first few of their ids.
    pub sample: Vec<String>,
}

/// How many ids of a reset-all's agents the confirmation names.
pub const RESET_SAMPLE: usize = 3;

/// `1 agent`, `3 agents`.
fn agents(n: usize) -> String {
    if n == 1 {
        "1 agent".to_string()
    } else {
        format!("{n} agents")
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
    /// Reset-all: the agents it reaches, when known beforehand (`None`: the vendor decides
    /// which agents are abnormal, and how many is not known until it answers).
    pub targets: Option<ResetTargets>,
}

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
            targets: None,
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
            Stage::Confirm => match key.code {
                KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('Y') => match self.request() {
                    Ok(r) => DialogOutcome::Submit(r),
                    Err(e) => {
                        self.note = Some(e);
                        self.stage = Stage::Form;
                        DialogOutcome::Stay
                    }
                },
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
            Action::ResetAll => ActionKind::ResetAll,
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
        match (&self.targets, self.agent.is_empty()) {
            (Some(t), true) => format!("{verb} · {} · {}", self.backend, agents(t.count)),
            (None, true) => format!("{verb} · {}", self.backend),
            _ => format!("{verb} · {}", self.who()),
        }
    }

    /// `张伟 (1001, huawei-sim)`; for reset-all the agents it reaches (`3 agents on aliyun-sim`).
    pub fn who(&self) -> String {
        if self.agent.is_empty() {
            return match &self.targets {
                Some(t) => format!("{} on {}", agents(t.count), self.backend),
                None => format!("every abnormal agent on {}", self.backend),
            };
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
                            format!("Sign in {who} with the credentials in the config; callboard then keeps the session alive.")
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
                    ActionKind::ResetAll => match &self.targets {
                        Some(t) => {
                            let mut ids = t
                                .sample
                                .iter()
                                .take(RESET_SAMPLE)
                                .cloned()
                                .collect::<Vec<_>>()
                                .join(", ");
                            let more = t.count.saturating_sub(t.sample.len().min(RESET_SAMPLE));
                            if more > 0 && !ids.is_empty() {
                                ids = format!("{ids} and {more} more");
                            }
                            let list = if ids.is_empty() {
                                String::new()
                            } else {
                                format!(": {ids}")
                            };
                            format!(
                                "Reset {} on {} (ResetUserStatus){list}.",
                                agents(t.count),
                                self.backend
                            )
                        }
                        None => format!(
                            "Reset every agent in an abnormal state on {} (ResetUserStatus). \
                             How many is not known beforehand: {} decides which are abnormal.",
                            self.backend, self.backend
                        ),
                    },
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
