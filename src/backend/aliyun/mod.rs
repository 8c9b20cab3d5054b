//! Alibaba Cloud CCC client: signing, wire types, the API client and its mapping to the agent model.

pub mod sign;
