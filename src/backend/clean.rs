//! Vendor text in a mapped [`Agent`] or [`QueueFigures`] made safe to show: every string field
//! (id, name, reason, skills, extension, work mode, call id, raw codes) through
//! [`crate::text::clean`]. The vendor mappings call [`agent`] on each agent they build; every
//! refresh's queues go through [`queue`].

use super::QueueFigures;
use crate::model::Agent;
use crate::text::clean_in_place as clean;

/// Cleans every string of `a` in place (no allocation for text that is clean already).
pub fn agent(a: &mut Agent) {
    clean(&mut a.id);
    clean(&mut a.name);
    if let Some(r) = &mut a.reason {
        clean(&mut r.code);
        clean(&mut r.label);
    }
    for s in &mut a.skills {
        clean(&mut s.id);
        clean(&mut s.name);
    }
    clean(&mut a.extension);
    if let Some(w) = &mut a.work_mode {
        clean(w);
    }
    if let Some(c) = &mut a.call_id {
        clean(c);
    }
    clean(&mut a.raw.state);
    if let Some(s) = &mut a.raw.sub_state {
        clean(s);
    }
    for (k, v) in &mut a.raw.extra {
        clean(k);
        clean(v);
    }
}

/// Cleans a queue's id and name in place.
pub fn queue(q: &mut QueueFigures) {
    clean(&mut q.group_id);
    clean(&mut q.name);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Reason, ReasonCategory, SkillRef};
    use std::sync::Arc;

    #[test]
    fn every_text_field_is_cleaned() {
        let evil = "a\u{1b}[2J\nb\u{202e}";
        let mut a = Agent::unknown(Arc::from("b"), evil);
        a.name = evil.into();
        a.reason = Some(Reason {
            code: evil.into(),
            label: evil.into(),
            category: ReasonCategory::Unknown,
            planned_secs: None,
        });
        a.skills = vec![SkillRef {
            id: evil.into(),
            name: evil.into(),
            level: None,
            signed: true,
        }];
        a.extension = evil.into();
        a.work_mode = Some(evil.into());
        a.call_id = Some(evil.into());
        a.raw.state = evil.into();
        a.raw.sub_state = Some(evil.into());
        a.raw.extra = vec![(evil.into(), evil.into())];
        agent(&mut a);
        let text = serde_json::to_string(&a).unwrap();
        assert!(
            !text.contains("\\u001b") && !text.contains('\u{202e}'),
            "{text}"
        );
        assert_eq!(a.name, "a b");
        assert_eq!(a.id, "a b");
    }
}
