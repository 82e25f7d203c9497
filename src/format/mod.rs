//! Body formats: what a sender renders and what a receiver parses, losslessly both ways.
//!
//! A format knows nothing of signing, retries, endpoints or HTTP clients: rendering turns
//! typed data into a [`Payload`](crate::Payload) (the exact body bytes, the content type and
//! any headers the format itself needs), and parsing turns received bytes back into the same
//! typed data. `parse(render(x)) == x` for every format: no field is lost, unknown fields
//! included. A format reports what is wrong with a body ([`ParseError`]); what to answer the
//! sender is the [`receive`](crate::receive) module's decision. A vendor's job configuration
//! (which events a job sends, where) is in [`presets`](crate::presets).

pub mod cloudevents;
mod error;
mod js_numbers;
pub mod json_template;
pub mod listrak;
pub mod lytics;
pub(crate) mod merge;
pub mod netcore;
pub mod smarter_launch;
pub(crate) mod strict_json;

pub use error::{ParseError, RenderError};
