//! Code tables the archive needs for merging and exporting (CAMEO root/base codes, quad
//! classes, PLOVER types, the Goldstein scale). They are domain facts of the event coder,
//! so they live in `chronicle::events::codes`; this module keeps the archive's old path.

pub use chronicle::events::codes::*;
