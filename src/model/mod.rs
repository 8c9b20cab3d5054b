//! The unified agent model, the roster store and derived figures (no I/O).

pub mod agent;
pub mod roster;
pub mod state;

pub use agent::{
    Activity, Agent, Flags, Freshness, Presence, RawCodes, Reason, ReasonCategory, SkillRef, UnixMs,
};
pub use roster::{Distribution, RosterScope, RosterStore};
pub use state::StateKey;
