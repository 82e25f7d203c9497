//! How a sender proves itself to a receiver beyond a signature: HTTP Basic for now;
//! static headers and query parameters live on [`Endpoint`](crate::Endpoint).

mod basic;

pub use basic::BasicAuth;
