//! Architecture diagrams.
