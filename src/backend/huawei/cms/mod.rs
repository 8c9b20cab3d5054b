//! Huawei CC-CMS real-time monitoring (`docs/huawei-cms.md`): the C2-signed client, its wire
//! types, and the reconciliation of the inspector's view with CMS's state times, extensions,
//! skill levels and queue figures.

pub mod client;
pub mod error;
pub mod merge;
pub mod quality;
pub mod records;
pub mod sign;
pub mod wire;

pub use client::{CmsClient, CmsOptions};
pub use error::CmsError;
pub use wire::CmsAgent;
