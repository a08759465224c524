//! Building the KB: the shipped tables (see [`builder`]), then the Phoenix dictionaries (see
//! [`dicts`]), then the compiled matcher.

mod builder;
mod dicts;

pub(crate) use builder::Builder;
pub use dicts::convert_phoenix;
