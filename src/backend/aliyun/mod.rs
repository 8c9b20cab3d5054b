//! Alibaba Cloud CCC client: signing, wire types, the API client and its mapping to the agent model.

mod actions;
pub mod api;
pub mod backend;
mod break_codes;
pub mod client;
pub mod credentials;
pub mod error;
pub(crate) mod item_text;
pub mod lenient;
mod listing;
pub mod map;
mod options;
mod record;
mod reply;
pub mod reports;
pub mod sign;
pub mod wire;

pub use actions::plain_words;
pub use api::{json_list, AgentStateFilter, MAX_PAGES, PAGE_SIZE};
pub use backend::AliyunBackend;
pub use client::{is_read_only, AliyunClient, ClientOptions, RetryPolicy, V2017, V2020};
pub use error::AliyunError;
pub use item_text::TextPage;
pub use listing::{MAX_LISTING_BYTES, MAX_ROSTER};
pub use map::{
    agent_from_context, agent_from_realtime, agent_from_realtime_owned, Directory, MapContext,
};
pub use record::AgentStateRecord;
pub use sign::SignatureVersion;
