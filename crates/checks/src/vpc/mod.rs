//! vpc checks.
