//! Huawei CC-Gateway (AgentGateway REST) client: HTTP envelope and Guid auth, per-agent session
//! actors with their event long-poll, the inspector session, and the mapping to the unified model.

mod actions;
mod actor;
pub mod backend;
pub mod cms;
pub mod codes;
pub mod error;
pub mod events;
pub mod http;
pub mod inspector;
mod ops;
mod pump;
mod refresh;
pub mod retcode;
pub(crate) mod roster_wire;
pub mod session;
pub mod state;
pub mod wire;

pub use backend::HuaweiBackend;
pub use codes::{RestCause, RestCauses};
pub use error::HuaweiError;
pub use events::{EventContent, EventKind, HuaweiEvent, QcNotify, QcSubtype};
pub use http::{GatewayHttp, HttpOptions};
pub use inspector::{InspectorSession, InspectorUpdate};
pub use session::{
    AgentLogin, HuaweiSession, SessionOptions, SessionUpdate, SignOutCause, UpdateKind,
};
pub use state::{HuaweiAgentState, Pending};
pub use wire::{AgentSnapshot, CallInfo, IvrFlow, SignInInfo, SkillQueue};
