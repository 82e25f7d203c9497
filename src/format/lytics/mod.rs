//! Lytics (placeholder)
