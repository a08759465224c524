//! One module per page (or pair of pages): search, events, article, timeline, network,
//! trends, map, actors.

pub(super) mod actors;
pub(super) mod article;
pub(super) mod events;
pub(super) mod map;
pub(super) mod network;
pub(super) mod search;
pub(super) mod timeline;
pub(super) mod trends;
