//! Vendor backends: the clients callboard uses to watch and act on agents.

pub mod aliyun;
pub mod huawei;
