//! The break codes an Alibaba backend offers (the config's planned codes, codes seen on agents or
//! in use on the instance, and CCC's default `break`), and the refusal of any other code: CCC
//! takes any string as a break code, so a typo (`lunchh`) would put the agent on a break nobody
//! plans or watches.

use super::backend::{AliyunBackend, SYSTEM_CODES};
use crate::config::{did_you_mean, one_of};
use std::collections::BTreeSet;

/// The break code CCC uses when none is given; always offered.
const DEFAULT_CODE: &str = "break";

impl AliyunBackend {
    /// The codes offered in the break form: the config's (`[backend.thresholds.planned]`), those
    /// seen on agents, and `break`; never the codes CCC sets by itself (`Warm-up`, …).
    pub(super) fn offered_break_codes(&self) -> BTreeSet<String> {
        let mut codes: BTreeSet<String> = self.inner.planned.keys().cloned().collect();
        codes.extend(self.cache().seen_codes.iter().cloned());
        codes.insert(DEFAULT_CODE.to_string());
        codes.retain(|c| !SYSTEM_CODES.contains(&c.as_str()));
        codes
    }

    /// Why `code` is refused, or `None` when the backend offers it. A code not offered yet is
    /// looked for among the codes in use on the instance now (GetRealtimeInstanceStates).
    pub(super) async fn break_code_problem(&self, code: &str) -> Option<String> {
        let mut known = self.offered_break_codes();
        if known.contains(code) {
            return None;
        }
        match self.client().get_realtime_instance_states().await {
            Ok(states) => {
                let in_use: Vec<String> = states
                    .break_code_detail_list
                    .into_iter()
                    .map(|b| b.break_code)
                    .filter(|c| !c.is_empty() && !SYSTEM_CODES.contains(&c.as_str()))
                    .collect();
                self.cache().seen_codes.extend(in_use.iter().cloned());
                known.extend(in_use);
            }
            Err(e) => {
                tracing::warn!(backend = %self.name(), error = %e, "break codes in use not available")
            }
        }
        if known.contains(code) {
            return None;
        }
        let names: Vec<&str> = known.iter().map(String::as_str).collect();
        let hint = match did_you_mean(code, &names) {
            Some(s) => format!("did you mean `{s}`? "),
            None => String::new(),
        };
        let system = if SYSTEM_CODES.contains(&code) {
            format!("`{code}` is a code CCC sets by itself. ")
        } else {
            String::new()
        };
        Some(format!(
            "{system}`{code}` is not a break code of backend {}: it is neither offered by CCC \
             (in use on agents) nor defined in the config; {hint}use one of {}. A CCC break code \
             callboard has not seen yet can be added to [backend.thresholds.planned] with its \
             planned seconds",
            self.name(),
            one_of(&names)
        ))
    }
}
