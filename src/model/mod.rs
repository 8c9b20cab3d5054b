//! The unified agent model, the roster store and derived figures (no I/O).

pub mod agent;

pub use agent::{
    Activity, Agent, Flags, Freshness, Presence, RawCodes, Reason, ReasonCategory, SkillRef, UnixMs,
};
