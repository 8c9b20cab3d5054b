//! Field-level lenient deserializers for CMS answers: a number may come as a JSON number or a
//! digit string, text as a string or a number, and a value of the wrong kind is "unknown"
//! (`None`) rather than a failed parse of the whole answer. Parsed straight from the bytes by the
//! shared visitors of [`crate::backend::lenient_de`].

pub use crate::backend::lenient_de::{opt_bool, opt_text, opt_whole as opt_i64};
